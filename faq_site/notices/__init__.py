"""Change notices: an email when the statement or the register of sub-processors changes."""
