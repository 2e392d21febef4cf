"""Checking an uploaded file before anything is stored: size, type by content, and a name that matches it.

The type is read from the bytes (the `filetype` package for binary formats), never
from the browser's Content-Type or the file name: a renamed executable must not pass
as a PDF. Office files are ZIP archives, told apart by the parts they must contain.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

CHUNK = 64 * 1024


@dataclass(frozen=True)
class AcceptedType:
    mime: str
    extensions: tuple[str, ...]  # the first is the one the stored file gets


ACCEPTED_TYPES = {
    "pdf": AcceptedType("application/pdf", (".pdf",)),
    "png": AcceptedType("image/png", (".png",)),
    "jpeg": AcceptedType("image/jpeg", (".jpg", ".jpeg")),
    "docx": AcceptedType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": AcceptedType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "text": AcceptedType("text/plain", (".txt",)),
}
FILETYPE_NAMES = {"pdf": "pdf", "png": "png", "jpg": "jpeg"}
# Office Open XML: the part each kind of document must contain.
OFFICE_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ACCEPTED_LIST = "PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or plain text"


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    extension: str
    sha256: str
    size: int
    original_name: str

    @property
    def stored_name(self) -> str:
        """A fresh name that reveals nothing and cannot collide or traverse."""
        return f"{uuid.uuid4().hex}{self.extension}"


def _printable_name(name: str) -> str:
    """The file's own name without folders and without control or format characters (NUL, newlines, bidi
    overrides): it is shown on pages, in the audit log and in the download's Content-Disposition."""
    name = PurePath(name).name
    return "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf"}).strip()[:255]


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _read_head(upload: UploadedFile, length: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _sha256_and_nul(upload: UploadedFile) -> tuple[str, bool]:
    digest = hashlib.sha256()
    has_nul = False
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        has_nul = has_nul or b"\x00" in chunk
    upload.seek(0)
    return digest.hexdigest(), has_nul


def _office_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                _refuse_compression_bomb(archive, upload.size)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return None  # damaged, encrypted or of an unknown compression: not an office document we take
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in OFFICE_MAIN_PARTS.items() if part in names), None)


def _refuse_compression_bomb(archive: zipfile.ZipFile, compressed_size: int) -> None:
    """Refuse an archive that would expand past UPLOAD_MAX_UNCOMPRESSED_BYTES or UPLOAD_MAX_COMPRESSION_RATIO.

    Whatever opens the document later (the type check here, a preview, a text extractor)
    inflates it: a 2 MB file that expands to gigabytes would exhaust memory or disk. The
    sizes the archive declares are checked first; then every part is inflated, counting,
    and abandoned the moment the budget is passed, since a forged archive can declare less.
    """
    budget = min(settings.UPLOAD_MAX_UNCOMPRESSED_BYTES, settings.UPLOAD_MAX_COMPRESSION_RATIO * compressed_size)
    refusal = _error(
        f"The file expands to more than {budget // (1024 * 1024) or 1} MB when opened "
        f"(over {settings.UPLOAD_MAX_COMPRESSION_RATIO} times its size): it is refused as a possible "
        "compression bomb. Save it again without embedded padding, or send it as PDF."
    )
    members = archive.infolist()
    if sum(member.file_size for member in members) > budget:
        raise refusal
    inflated = 0
    for member in members:
        with archive.open(member) as part:
            while chunk := part.read(CHUNK):
                inflated += len(chunk)
                if inflated > budget:
                    raise refusal


def _is_utf8_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()  # chunk by chunk: never the whole file in memory
    try:
        for chunk in upload.chunks(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def detect_kind(upload: UploadedFile, has_nul: bool) -> str | None:
    """One of ACCEPTED_TYPES' keys, or None when the content is none of them."""
    guess = filetype.guess(_read_head(upload))
    if guess is not None:
        if guess.extension in FILETYPE_NAMES:
            return FILETYPE_NAMES[guess.extension]
        if guess.extension in {"zip", "docx", "xlsx"}:
            return _office_kind(upload)
        return None
    if not has_nul and _is_utf8_text(upload):
        return "text"
    return None


def check_upload(upload: UploadedFile | None) -> CheckedUpload:
    """Accept the file or raise a ValidationError on the `file` field; reads, never stores."""
    if upload is None:
        raise _error("Choose a file to upload.")
    if upload.size == 0:
        raise _error("The file is empty.")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise _error(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")
    sha256, has_nul = _sha256_and_nul(upload)
    kind = detect_kind(upload, has_nul)
    if kind is None:
        raise _error(f"This type of file is not accepted. Upload a {ACCEPTED_LIST} file.")
    accepted = ACCEPTED_TYPES[kind]
    original_name = _printable_name(upload.name or "")
    extension = PurePath(original_name).suffix.lower()
    if extension not in accepted.extensions:
        raise _error(
            f"The file's name ends in “{extension or 'nothing'}” but its content is {kind.upper()}: "
            f"rename it to end in {' or '.join(accepted.extensions)}."
        )
    return CheckedUpload(
        kind=kind,
        content_type=accepted.mime,
        extension=accepted.extensions[0] if kind != "jpeg" else extension,
        sha256=sha256,
        size=upload.size,
        original_name=original_name,
    )


class SizeLimitUploadHandler(FileUploadHandler):
    """The one upload handler (settings.FILE_UPLOAD_HANDLERS): keeps a file within UPLOAD_MAX_BYTES, drops one past it.

    A file is kept in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then in an anonymous
    temporary file (it never has a name in the temporary folder). The moment a file passes
    the limit, what was kept is closed and freed, not left open until garbage collection;
    the request then carries an empty file of the size that was sent, so that
    `check_upload` refuses it with the usual "larger than the limit" message.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False
        # Closed when the limit is passed, by the parser on an error, or with the request.
        self.file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, dir=settings.FILE_UPLOAD_TEMP_DIR
        )

    def receive_data_chunk(self, raw_data, start):
        if not self.too_large and start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self.too_large = True
            self.file.close()
        if not self.too_large:
            self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.too_large:
            return UploadedFile(io.BytesIO(), self.file_name, self.content_type, file_size, self.charset)
        self.file.seek(0)
        return UploadedFile(self.file, self.file_name, self.content_type, file_size, self.charset)

    def upload_interrupted(self):
        if getattr(self, "file", None) is not None:
            self.file.close()
