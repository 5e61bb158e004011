"""Password rules after the NCSC's guidance: long enough, not a known common password, not the
person's own name or address; no rules about character classes, no forced expiry.

Django's validators, with messages that say how to put it right and have their Welsh here.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Enter a password of at least %(min_length)d character",
                    "Enter a password of at least %(min_length)d characters",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return ngettext(
            "At least %(min_length)d character.", "At least %(min_length)d characters.", self.min_length
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("This password is one of the most common, so it is easy to guess. Choose another"),
                code="password_too_common",
            ) from None

    def get_help_text(self):
        return _("Not a commonly used password.")


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                _("This password is too like your name or email address. Choose another"),
                code="password_too_similar",
            ) from None

    def get_help_text(self):
        return _("Not like your name or email address.")
