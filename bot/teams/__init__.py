"""Teams front-end: the only package that imports the Microsoft 365 Agents SDK."""
