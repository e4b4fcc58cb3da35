"""Information pages: what the register is, choices, reviews, glossary, and the legal pages."""
