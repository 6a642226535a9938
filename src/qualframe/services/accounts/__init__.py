"""Accounts of a team server: passwords, login sessions, project members and invitations."""
