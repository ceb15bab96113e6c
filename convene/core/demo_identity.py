"""The demo organisation's name, importable before Django is set up."""

DEMO_SITE_NAME = "Pennine Community Network"
