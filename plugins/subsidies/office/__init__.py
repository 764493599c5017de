"""The social-protection office's admin screens: the queue of sent
applications, an application's screen, the steps staff take on it and the
dashboard panel. ``wagtail_hooks`` registers them."""
