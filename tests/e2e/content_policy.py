"""What the browser says the portal's Content-Security-Policy blocked."""


def policy_complaints(tab):
    """The console messages about blocked scripts, styles, frames or forms on
    the pages ``tab`` opens from now on, each after the page's address."""
    complaints = []
    tab.on(
        "console",
        lambda message: (
            complaints.append(f"{tab.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return complaints
