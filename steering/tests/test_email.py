import email
from email import policy

from django.core.mail import EmailMultiAlternatives

from steering.email import EmlFileBackend


def test_eml_backend_writes_each_message_as_a_file_a_mail_program_opens(tmp_path, settings):
    settings.EMAIL_FILE_PATH = tmp_path
    message = EmailMultiAlternatives(
        subject="Cofnodion / Minutes", body="Mae'r cofnodion ŵ ŷ", to=["aelod@example.org"]
    )
    message.attach_alternative("<p lang='cy'>Mae'r cofnodion ŵ ŷ</p>", "text/html")

    sent = EmlFileBackend().send_messages([message])

    files = list(tmp_path.glob("*.eml"))
    assert (sent, len(files)) == (1, 1)
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "aelod@example.org"
    assert parsed["Subject"] == "Cofnodion / Minutes"
    assert parsed.get_body(("plain",)).get_content().strip() == "Mae'r cofnodion ŵ ŷ"
