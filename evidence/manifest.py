"""The pack's manifest and its offline check: plain Python, no database, so a pack verifies anywhere.

`manifest.json` lists every other file of the ZIP with its size and SHA-256, the scope and
period, the organisation's audit chain head when the pack was built, the rule packs
involved, and who built it when. The PDF report cannot carry the digest of a manifest that
lists the PDF itself, so its cover shows the *evidence digest*: the SHA-256 of the
manifest's canonical JSON without the report's own entry (recomputed by `verify_archive`).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

FORMAT = "evidence-pack/1"
MANIFEST_PATH = "manifest.json"
REPORT_PATH = "report.pdf"
WORKBOOK_PATH = "registers.xlsx"
DOCUMENTS_FOLDER = "documents/"
CHUNK = 1024 * 1024


class HashingWriter:
    """A write-only stream that hashes and counts what passes through it on its way to `target`."""

    def __init__(self, target):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)

    def entry(self, path: str) -> dict:
        return {"path": path, "size": self.size, "sha256": self.digest.hexdigest()}


def canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def evidence_digest(manifest: dict) -> str:
    """SHA-256 over the manifest without its digest field and without the report's entry (see module docstring)."""
    content = {key: value for key, value in manifest.items() if key != "evidence_digest"}
    content["files"] = [entry for entry in manifest.get("files", []) if entry.get("path") != REPORT_PATH]
    return hashlib.sha256(canonical(content)).hexdigest()


@dataclass(frozen=True)
class Verdict:
    intact: bool
    message: str
    path: str | None = None  # the file at fault, when one is

    def __str__(self) -> str:
        return self.message


def _fail(message: str, path: str | None = None) -> Verdict:
    return Verdict(False, message, path)


def verify_archive(archive_path: str | Path) -> Verdict:
    """Whether every file of the pack matches its manifest: first problem found, or intact."""
    try:
        with zipfile.ZipFile(archive_path) as archive:
            return _verify(archive)
    except (zipfile.BadZipFile, OSError) as error:
        return _fail(f"{archive_path}: not a readable ZIP ({error})")


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """The parsed manifest; ValueError when it is missing, unreadable or not a pack's."""
    try:
        manifest = json.loads(archive.read(MANIFEST_PATH))
    except KeyError:
        raise ValueError(f"{MANIFEST_PATH} is missing") from None
    except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{MANIFEST_PATH} is damaged ({error})") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), list)
    ):
        raise ValueError(f"{MANIFEST_PATH} is not an evidence pack manifest ({FORMAT})")
    return manifest


def _verify(archive: zipfile.ZipFile) -> Verdict:
    try:
        manifest = read_manifest(archive)
    except ValueError as error:
        return _fail(str(error), MANIFEST_PATH)
    listed = {}
    for entry in manifest["files"]:
        if not isinstance(entry, dict) or not {"path", "size", "sha256"} <= set(entry):
            return _fail(f"{MANIFEST_PATH}: an entry lacks its path, size or SHA-256", MANIFEST_PATH)
        listed[entry["path"]] = entry
    present = {info.filename: info for info in archive.infolist() if not info.is_dir()}
    for path, entry in listed.items():
        if path not in present:
            return _fail(f"{path}: listed in the manifest but missing from the pack", path)
        problem = _check_file(archive, present[path], entry)
        if problem:
            return _fail(f"{path}: {problem}", path)
    extra = sorted(set(present) - set(listed) - {MANIFEST_PATH})
    if extra:
        return _fail(f"{extra[0]}: in the pack but not in the manifest", extra[0])
    if manifest.get("evidence_digest") != evidence_digest(manifest):
        return _fail(f"{MANIFEST_PATH}: its evidence digest does not match its content", MANIFEST_PATH)
    return Verdict(
        True, f"intact: {len(listed)} files match the manifest; evidence digest {manifest['evidence_digest']}"
    )


def _check_file(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict) -> str | None:
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        return f"damaged in the ZIP ({error})"
    if size != entry["size"]:
        return f"{size} bytes, the manifest says {entry['size']}"
    if digest.hexdigest() != entry["sha256"]:
        return "its SHA-256 differs from the manifest's: the file was changed"
    return None
