"""Checking and cleaning a photo a resident uploads with a report.

A phone photo carries more than the picture: EXIF with the GPS position of the resident's home and
the camera's serial number, XMP, ICC profiles, PNG text chunks, comments. None of it may reach
storage, so `clean_photo` never copies metadata: it decodes the pixels, turns them upright, brings
them into sRGB, shrinks them and encodes a brand-new image. `photo_location` reads the GPS position
from the original bytes beforehand, for the page to offer ("use the photo's location?") only when the
resident agrees.

The file is judged by its content (Pillow's detected format), never by its name or the browser's
content type, and its size and pixel count are checked before any pixel is decoded. Streamlit runs the
report page again on every keystroke, so each upload is cleaned once, keyed by the SHA-256 of its
bytes, and the result (or the refusal) kept in a small cache bounded by size.
"""

from __future__ import annotations

import hashlib
import io
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from portal.i18n import N_, _, format_decimal

MAX_PHOTO_MB = 10  # the photo uploaders' own limit too (Streamlit counts a MB as 1024 × 1024 bytes)
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
MAX_SIDE = 2048
THUMB_SIDE = 320
MAX_PHOTOS_PER_REPORT = 3
# The largest setting phones offer for a photo (Pixel and Galaxy 50 MP, iPhone 48 MP) still fits, while
# an 8000 × 8000 PNG (64 MP, which took 7 s and ~780 MB to clean) does not: a PNG or WebP is decoded at
# full size, and a 50 MP one already needs about 600 MB on its way to 2048 pixels.
MAX_PIXELS = 50_000_000
# Cleaned photos kept for pages that run again (a cleaned photo is at most 2048 px: a few MB at most).
CLEANED_CACHE_BYTES = 64 * 1024 * 1024

THUMBNAIL_CONTENT_TYPE = "image/jpeg"
THUMBNAIL_EXTENSION = "jpg"

# Pillow's format name → (content type, extension). MPO is how Pillow names the multi-picture
# JPEGs many phones write (portrait mode, depth maps): a JPEG to everyone else.
_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_OPENERS = ["JPEG", "PNG", "WEBP"]  # only these decoders ever see an upload
_SAVE_OPTIONS = {
    "image/jpeg": ("JPEG", {"quality": 85, "optimize": True}),
    "image/png": ("PNG", {}),
    "image/webp": ("WEBP", {"quality": 85}),
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_ACCEPTED = N_("Please choose a JPEG, PNG or WebP photo.")
# What the photo uploaders say they take (their help text).
# Translated where shown, then `.format(size=MAX_PHOTO_MB)`.
PHOTO_RULES = N_("JPEG, PNG or WebP, at most {size} MB each. Location data and other metadata are removed "
                 "before a photo is stored.")



class PhotoError(ValueError):
    """Message fit to show a resident (what was wrong, what to do).

    The message never contains the file name, so it is safe to show as Markdown; the name as the
    browser sent it is in `filename`, for the page to show escaped beside it.
    """

    def __init__(self, message: str, filename: str = "") -> None:
        super().__init__(message)
        self.filename = filename


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes  # the stored image: re-encoded, no metadata at all
    thumbnail: bytes  # JPEG thumbnail for the map and lists (THUMBNAIL_CONTENT_TYPE)
    content_type: str  # "image/jpeg" | "image/png" | "image/webp"
    extension: str  # "jpg" | "png" | "webp"
    width: int
    height: int


class _CleanedPhotos:
    """The most recently cleaned uploads (or their refusal message) by content hash, within a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget, self.used = budget, 0
        self.entries: OrderedDict[str, CleanPhoto | str] = OrderedDict()
        self.lock = threading.Lock()  # Streamlit serves each session in its own thread

    def get(self, key: str) -> CleanPhoto | str | None:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
            return self.entries.get(key)

    def put(self, key: str, value: CleanPhoto | str) -> None:
        size = _size(value)
        with self.lock:
            if key in self.entries or size > self.budget:
                return
            self.entries[key], self.used = value, self.used + size
            while self.used > self.budget:
                _, dropped = self.entries.popitem(last=False)
                self.used -= _size(dropped)


def _size(value: CleanPhoto | str) -> int:
    return len(value) if isinstance(value, str) else len(value.data) + len(value.thumbnail)


_cleaned = _CleanedPhotos(CLEANED_CACHE_BYTES)


def clean_photo(data: bytes, filename: str = "") -> CleanPhoto:
    """The upload as a metadata-free, upright image of at most MAX_SIDE pixels, plus its thumbnail.

    The stored format follows the content (a PNG named photo.jpg stays a PNG), so transparency in a
    PNG or WebP survives. Raises PhotoError for anything that is not a usable JPEG, PNG or WebP.
    The same bytes are cleaned once: a page that runs again gets the kept result.
    """
    key = hashlib.sha256(data).hexdigest()
    found = _cleaned.get(key)
    if found is None:
        try:
            found = _clean(data)
        except PhotoError as error:
            found = str(error)
        _cleaned.put(key, found)
    if isinstance(found, str):
        raise PhotoError(found, filename)
    return found


def _clean(data: bytes) -> CleanPhoto:
    image = _open(data)
    content_type, extension = _FORMATS[image.format]
    if content_type == "image/jpeg":
        # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding: far less memory.
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except Exception as error:  # Pillow reports damaged files with many exception types
        raise PhotoError(
            _("This picture seems damaged or incomplete (perhaps the upload was cut short). "
            "Please try again, or choose another photo.")
        ) from error
    pixels = _srgb(upright)
    pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from raw pixels has no `info` at all, so no encoder can copy metadata across.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    return CleanPhoto(
        data=_encode(clean, content_type),
        thumbnail=_thumbnail(clean),
        content_type=content_type,
        extension=extension,
        width=clean.width,
        height=clean.height,
    )


def photo_location(data: bytes) -> tuple[float, float] | None:
    """The EXIF GPS position (latitude, longitude in decimal degrees) of the original upload.

    None when there is none, it is unusable (out of range, 0/0 rationals, "null island"), or the
    file is not an acceptable photo. Call it before cleaning, and use it only with consent.
    """
    try:
        gps = _open(data).getexif().get_ifd(ExifTags.IFD.GPSInfo)
        latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps[ExifTags.GPS.GPSLatitudeRef], "S")
        longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps[ExifTags.GPS.GPSLongitudeRef], "W")
    except Exception:  # missing tags, odd types, a damaged file: no location we could trust
        return None
    if not (abs(latitude) <= 90 and abs(longitude) <= 180) or (latitude, longitude) == (0.0, 0.0):
        return None
    return latitude, longitude


def _open(data: bytes) -> Image.Image:
    """The image with only its header read, after every check that needs no decoding."""
    if not data:
        raise PhotoError(_("This file is empty (0 bytes). {accepted}").format(accepted=_(_ACCEPTED)))
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(
            _("This file is {size} MB; photos can be at most {limit} MB. Please choose a smaller photo, or a "
              "lower resolution in your camera's settings.").format(
                size=format_decimal(round(len(data) / (1024 * 1024), 1), "0.0"), limit=MAX_PHOTO_MB)
        )
    try:
        image = Image.open(io.BytesIO(data), formats=_OPENERS)
    except Image.DecompressionBombError as error:
        raise PhotoError(_too_many_pixels()) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoError(_not_accepted(data)) from error
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError(_too_many_pixels(image.size))
    return image


def _not_accepted(data: bytes) -> str:
    """Name the format when Pillow knows it (a GIF, a TIFF…): clearer than "not a picture"."""
    try:
        kind = Image.open(io.BytesIO(data)).format
    except Exception:  # not a picture Pillow knows at all; the generic message says so
        kind = None
    if kind:
        return _("This file is a {kind} picture, which we cannot take. {accepted}").format(
            kind=kind, accepted=_(_ACCEPTED))
    return _("This file is not a picture we can read: another kind of file (a document, PDF or drawing) "
             "or a damaged photo. {accepted}").format(accepted=_(_ACCEPTED))


def _too_many_pixels(size: tuple[int, int] | None = None) -> str:
    limit = MAX_PIXELS // 1_000_000
    if size:
        return _("This picture has too many pixels ({width} × {height} pixels); we take up to {limit} megapixels. "
                 "Please choose a smaller photo.").format(width=format_decimal(size[0]),
                                                          height=format_decimal(size[1]), limit=limit)  # fmt: skip
    return _("This picture has too many pixels; we take up to {limit} megapixels. Please choose a smaller photo."
             ).format(limit=limit)  # fmt: skip


def _srgb(image: Image.Image) -> Image.Image:
    """8-bit RGB, or RGBA when the picture has transparency, with colours converted to sRGB.

    Converting through the picture's ICC profile (an iPhone's Display P3, a print shop's CMYK) keeps
    its colours right once the profile itself is dropped.
    """
    profile = image.info.get("icc_profile")
    if image.mode.startswith("I"):
        # 16-bit grayscale: scale to 8 bits; a plain conversion would clip everything above 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    target = "RGBA" if image.mode == "RGBA" else "RGB"
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken or mismatched profile: the plain conversion below is close enough
    return image.convert(target)


def _encode(image: Image.Image, content_type: str) -> bytes:
    pillow_format, options = _SAVE_OPTIONS[content_type]
    out = io.BytesIO()
    image.save(out, pillow_format, **options)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    """A small JPEG; transparency is laid on white, as the lists and map popups show it."""
    small = image.copy()
    small.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    if small.mode == "RGBA":
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.getchannel("A"))
        small = background
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


def _degrees(parts: tuple, ref: str | bytes, negative_ref: str) -> float:
    """EXIF (degrees, minutes, seconds) rationals and a N/S/E/W reference → signed decimal degrees."""
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    value = sum(float(part) / 60**index for index, part in enumerate(parts))
    if not math.isfinite(value):
        raise ValueError("GPS rational with a zero denominator")
    return -value if ref.strip("\x00 ").upper() == negative_ref else value
