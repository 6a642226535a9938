"""Coding as a team: agreement between coders, agreement rounds and their
disagreement queues, and the agreement of analysts' cell statuses."""
