"""The agreement pages: agreement between coders, rounds and the disagreement queue."""
