"""Team server accounts on the web: logging in and out, one's account, the administrator's page."""
