"""Input no page of ours can use, refused at the door with a 400."""

from django.core.exceptions import BadRequest


class RejectNulBytes:
    """A NUL byte is never valid in a cookie or a query string here, and PostgreSQL refuses it
    in a query (a 500 deep inside the session store or an admin filter). Forms need no help:
    Django's text fields refuse NUL with a message the person can read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in text for text in inputs(request.COOKIES, request.GET)):
            raise BadRequest("NUL byte in the request.")
        return self.get_response(request)


def inputs(*mappings):
    """Every key and value of cookies and query dicts."""
    for mapping in mappings:
        items = mapping.lists() if hasattr(mapping, "lists") else mapping.items()
        for key, values in items:
            yield key
            yield from values if isinstance(values, list) else [values]
