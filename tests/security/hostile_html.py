"""Markup a hostile resident or a careless editor might enter, and a check
that a page shows none of it active.

The check reads the whole page as a browser's parser would, entities
decoded, so it holds for the portal's own markup too: its public pages carry
no inline script, handler or style (docs/security.md, the content policy).
"""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "<a href=\"javascript:alert('s3')\">s3</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">s4</a>',
    "<svg onload=alert('s5')><circle r=1 /></svg>",
    "<p style=\"background:url(javascript:alert('s6'));"
    "width:expression(alert('s6'))\">s6</p>",
    "<iframe src=\"javascript:alert('s7')\"></iframe>",
    "<form action=\"javascript:alert('s8')\"><button "
    "formaction=\"javascript:alert('s8')\">s8</button></form>",
    "<<script>alert('s9')//<</script>",
    "<div><p><b onclick=alert('s10')>s10</div></b>",
    "<a href=\"&#106;avascript:alert('s11')\">s11</a>",
    "<a href=\"jav&#x09;ascript:alert('s12')\">s12</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('s13')>",
    "<object data=\"javascript:alert('s14')\"></object>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'s16\')">',
]
HOSTILE_TEXT = "\n\n".join(PAYLOADS)
# Markdown's own way to a link, for the forum.
HOSTILE_MARKDOWN = "\n\n".join(
    [
        HOSTILE_TEXT,
        "[s17](javascript:alert('s17'))",
        "[s18](&#106;avascript:alert('s18'))",
        "<javascript:alert('s19')>",
        "[s20](data:text/html;base64,PHNjcmlwdD4=)",
        "[s21]: javascript:alert('s21')\n\n[s21]",
    ]
)

# An <svg> alone draws (the cabinet's charts are the portal's own); its
# handlers and scripts are what the checks below look for.
NEVER_ALLOWED_TAGS = {
    "iframe",
    "frame",
    "object",
    "embed",
    "math",
    "base",
    "style",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def _scheme_of(value):
    # Browsers skip control characters and blanks in a scheme; so does this.
    return "".join(ch for ch in value if ch > " ").lower()


class _ActiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.inside = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in NEVER_ALLOWED_TAGS:
            self.found.append(f"<{tag}>")
        if tag in {"script", "style"}:
            self.inside = tag
        if tag == "script" and not attributes.get("src"):
            self.found.append("inline <script>")
        if tag == "meta" and "http-equiv" in attributes:
            self.found.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name == "style":
                self.found.append(f"<{tag} style=>")
            if name in URL_ATTRIBUTES and _scheme_of(value or "").startswith(
                BAD_SCHEMES
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.inside = None

    def handle_endtag(self, tag):
        self.inside = None

    def handle_data(self, data):
        if self.inside and ("alert(" in data or "expression(" in data):
            self.found.append(f"{self.inside} running a payload")


def active_markup(html, *, admin=False):
    """What in ``html`` would run or act in a browser; empty when nothing.

    ``admin``: a screen of Wagtail's admin, whose own inline markup is left
    alone; a payload's is still found.
    """
    parser = _ActiveMarkup()
    parser.feed(html)
    parser.close()
    if admin:
        return [
            found
            for found in parser.found
            if found not in {"<style>", "inline <script>"}
            and not found.endswith(" style=>")
        ]
    return parser.found
