"""WTForms classes, one module per journey. Every form subclasses PortalForm."""
