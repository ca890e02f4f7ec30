"""The only code that changes arenas and memberships."""
