"""The young person's own view about going on the register, in their own words."""
