"""DSR meetings: the agenda the register builds, the pack panel members read, and the record
of who attended and what each item decided."""
