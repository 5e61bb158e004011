import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Picks the page language: the switch on the page if used, else the person's own preference.

    Anonymous visitors without a choice get the language their browser asks for.
    """

    def process_request(self, request):
        user = getattr(request, "user", None)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user is not None and user.is_authenticated:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)


class UploadNamesAsText:
    """Gives an uploaded file whose name is not UTF-8 a name Django can read, so the file arrives.

    Browsers send a file's name in UTF-8; another program may send it in a legacy encoding, and
    Django then skips the part's header line, so the file vanishes and the form says "Choose a
    file". Such a name is read as Windows-1252 (every byte is a letter there) and passed on in
    UTF-8; the file's content and every other part pass through untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        boundary = re.search(r"boundary=\"?([^\";,]+)", content_type)
        if content_type.startswith("multipart/form-data") and boundary and hasattr(request, "_stream"):
            request._stream = _UploadNames(request._stream, boundary[1].encode("latin-1"))
        return self.get_response(request)


class _UploadNames:
    """A request body whose multipart headers are read line by line as they stream past."""

    def __init__(self, stream, boundary: bytes):
        self.stream = stream
        self.separator = b"--" + boundary
        # The filename in the headers just after a boundary line, before the blank line that ends them.
        self.name = re.compile(
            rb"(" + re.escape(self.separator) + rb"\r\n(?:[^\r\n]+\r\n)*?[^\r\n]*filename=\")([^\"\r\n]*)(\")",
            re.IGNORECASE,
        )
        self.pending = b""
        self.ended = False

    def read(self, size=-1):
        while True:
            chunk = b"" if self.ended else self.stream.read(size if size and size > 0 else -1)
            self.ended = self.ended or not chunk or not (size and size > 0)
            data = self.pending + chunk
            if self.ended:
                self.pending = b""
            else:
                # Hold back a part's headers until they end (the next chunk may finish its file name),
                # or else the last bytes, which may begin a boundary the next chunk finishes.
                start = data.rfind(self.separator)
                if start == -1 or b"\r\n\r\n" in data[start:] or len(data) - start > 16384:
                    start = max(len(data) - len(self.separator), 0)
                self.pending, data = data[start:], data[:start]
            if data or self.ended:
                return self.name.sub(_readable_name, data)

    def readline(self, size=-1):
        """Django reads lines only to drain what its parser left of the body: a chunk serves as well."""
        return self.read(size if size and size > 0 else 65536)


def _readable_name(match: re.Match) -> bytes:
    name = match[2]
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        name = name.decode("cp1252", errors="replace").encode("utf-8")
    return match[1] + name + match[3]
