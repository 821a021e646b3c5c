"""People and bodies: user accounts, posts and who holds them, committees and their memberships."""
