"""Response headers that views share."""

from functools import wraps

# What Django's never_cache sends, as one constant: never_cache works it out on every response
# (and adds an Expires date, which only HTTP/1.0 caches read), 15-20 us of a log page.
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def no_store(view):
    """No browser or proxy keeps a copy: a health log stays off the disk, and the back button
    after logging out shows nothing."""

    @wraps(view)
    def with_header(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = NO_STORE
        return response

    return with_header
