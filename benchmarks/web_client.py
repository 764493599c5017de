"""Plain HTTP requests to the portal under test: signing in as a resident
through its own form, and checking that a page answers before it is loaded."""

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

LOGIN_PATH = "/accounts/login/"


def request(base_url, method, path, headers=None, body=None):
    """(status, headers, text) of one request, redirects not followed."""
    parts = urlsplit(base_url)
    connection_class = (
        http.client.HTTPSConnection
        if parts.scheme == "https"
        else http.client.HTTPConnection
    )
    connection = connection_class(parts.netloc, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def cookies(headers):
    """Names and values of the cookies a response sets."""
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        found[name.strip()] = value.strip()
    return found


def sign_in(base_url, email, password):
    """The Cookie header of a session signed in through the login form."""
    status, headers, page = request(base_url, "GET", LOGIN_PATH)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise SystemExit(f"The login page answered {status} without a form.")
    jar = cookies(headers)

    body = urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": token[1]}
    )
    status, headers, _ = request(
        base_url,
        "POST",
        LOGIN_PATH,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={value}" for name, value in jar.items()),
            "Referer": base_url + LOGIN_PATH,
        },
        body=body,
    )
    session = cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"Signing in as {email} failed (status {status}).")
    return f"sessionid={session}"


def check(base_url, path, cookie=None):
    """Fail unless the page answers 200: wrk would count a redirect to the
    login page as a success."""
    headers = {"Cookie": cookie} if cookie else {}
    status, _, _ = request(base_url, "GET", path, headers=headers)
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not 200.")


def wait_until_up(base_url, path, seconds=120):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if request(base_url, "GET", path)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"The server at {base_url} did not answer {path}.")
        time.sleep(0.5)
