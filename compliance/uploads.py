"""Moved to core.uploads (it holds no compliance domain); this name stays for code written against it."""

from core.uploads import CHUNK, AcceptedType, CheckedUpload, SizeLimitUploadHandler, check_upload

__all__ = ["CHUNK", "AcceptedType", "CheckedUpload", "SizeLimitUploadHandler", "check_upload"]
