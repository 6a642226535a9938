"""A project's members and invitations on the web."""
