"""An uploaded file whose name is not UTF-8 arrives, with its name read as Windows-1252."""

import datetime
import io

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Paper
from steering.middleware import _UploadNames

BOUNDARY = "----formdata7MA4YWxk"
PDF = b'%PDF-1.7\r\n--not-a-boundary filename="\xff"\r\n\r\nend'


def _body(file_name: bytes) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title_en"\r\n\r\nLAC scenario\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file_en"; filename="'.encode()
        + file_name
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + PDF
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (b"Papur sefyllfa caf\xe9 \x96 2022.pdf", "Papur sefyllfa café – 2022.pdf"),  # Windows-1252
        ("Papur ŵ ŷ café.pdf".encode(), "Papur ŵ ŷ café.pdf"),  # UTF-8, as browsers send
    ],
)
def test_an_uploaded_paper_keeps_its_file_whatever_encoding_its_name_is_in(sent, kept, cast, client_as):
    meeting = services.create_meeting(cast.group, starts_at=datetime.datetime(2030, 9, 22, 9, tzinfo=datetime.UTC))
    item = services.add_item(meeting, title_en="Looked After Children")
    response = client_as(cast.secretariat).generic(
        "POST",
        reverse("meetings:paper_add", args=[meeting.pk, item.pk]),
        _body(sent),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 302
    paper = Paper.objects.get(item=item)
    assert (paper.title_en, paper.filename_en, paper.file_en.read()) == ("LAC scenario", kept, PDF)


class _Trickle(io.RawIOBase):
    """A body that arrives a few bytes at a time, cut anywhere: in a boundary, a header, a name."""

    def __init__(self, data: bytes, step: int):
        self.data, self.step = data, step

    def read(self, size=-1):
        chunk, self.data = self.data[: self.step], self.data[self.step :]
        return chunk


@pytest.mark.parametrize("step", [1, 2, 3, 5, 7, 11, 64, 4096])
def test_upload_names_are_read_whole_however_the_body_is_cut(step):
    body = _body(b"caf\xe9.pdf")
    stream = _UploadNames(_Trickle(body, step), BOUNDARY.encode())
    read = b""
    while chunk := stream.read(step):
        read += chunk
    assert read == body.replace(b"caf\xe9.pdf", "café.pdf".encode())
