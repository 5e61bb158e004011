class DomainError(Exception):
    """A change the rules do not allow. Its message is translated and fit to show the person.

    ``field`` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
