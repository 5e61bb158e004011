class DomainError(Exception):
    """A change the rules do not allow. Its message is translated and fit to show the person."""
