class Refusal(Exception):
    """A request the rules refuse; its message is shown to the person.

    Each app names its own refusals (a vote, a registration, a code at the door), so a view
    catches only what its service may refuse; they share this shape so every view shows the
    refusal the same way.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
