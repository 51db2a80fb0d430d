"""Checking and cleaning uploaded photos. Every test picture is drawn here with Pillow, metadata
planted where a phone would put it, so the tests show that none of it survives cleaning."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

from portal.reports import photos
from portal.reports.photos import (
    MAX_PHOTO_BYTES,
    MAX_SIDE,
    THUMB_SIDE,
    CleanPhoto,
    PhotoError,
    clean_photo,
    photo_location,
)

SERIAL = "SERIAL-4711-XYZ"


@pytest.fixture(autouse=True)
def nothing_cleaned_yet(monkeypatch):
    """Each test cleans its pictures itself, not another test's kept result."""
    monkeypatch.setattr(photos, "_cleaned", photos._CleanedPhotos(photos.CLEANED_CACHE_BYTES))
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">private-xmp</x:xmpmeta>'
# Boston City Hall Plaza, written the way a phone does: degrees, minutes, seconds and a reference.
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (IFDRational(42), IFDRational(21), IFDRational(3384, 100)),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (IFDRational(71), IFDRational(3), IFDRational(3132, 100)),
}
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/></svg>'
CITY_HALL = (42 + 21 / 60 + 33.84 / 3600, -(71 + 3 / 60 + 31.32 / 3600))


def phone_exif(orientation: int = 1, gps: dict | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Pocket 9"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.Exif] = {ExifTags.Base.BodySerialNumber: SERIAL}
    exif[ExifTags.IFD.GPSInfo] = GPS if gps is None else gps
    return exif


def encode(image: Image.Image, pillow_format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, pillow_format, **options)
    return out.getvalue()


def halves(size: tuple[int, int], mode: str = "RGB", first="red", second="blue") -> Image.Image:
    """Left half `first`, right half `second`: shows which way a picture was turned."""
    image = Image.new(mode, size, first)
    image.paste(second, (size[0] // 2, 0, size[0], size[1]))
    return image


def phone_jpeg(size=(400, 200), orientation: int = 6) -> bytes:
    return encode(halves(size), "JPEG", exif=phone_exif(orientation), xmp=XMP, icc_profile=SRGB_ICC,
                  comment=b"shot at home")  # fmt: skip


def annotated_png(mode: str = "RGBA") -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jane Resident")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    image = halves((300, 200), mode, first=(255, 0, 0, 128) if mode == "RGBA" else "red")
    return encode(image, "PNG", pnginfo=text, icc_profile=SRGB_ICC, exif=phone_exif())


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels: a decompression bomb's calling card."""
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_no_metadata(data: bytes) -> None:
    image = reopen(data)
    assert not image.getexif()
    assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp", "Author"} & set(image.info)
    assert not getattr(image, "text", {})
    for secret in (b"Exif\x00\x00", b"GPS", SERIAL.encode(), b"PhoneMaker", b"private-xmp", b"Jane",
                   b"shot at home", b"sRGB"):  # fmt: skip
        assert secret not in data


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (phone_jpeg(), "image/jpeg"),
        (annotated_png(), "image/png"),
        (encode(halves((300, 200)), "WEBP", exif=phone_exif(), xmp=XMP, icc_profile=SRGB_ICC), "image/webp"),
        (encode(halves((300, 200), "CMYK", "cyan", "magenta"), "JPEG", exif=phone_exif()), "image/jpeg"),
        (encode(halves((300, 200)), "MPO", save_all=True, append_images=[halves((30, 20))],
                exif=phone_exif()), "image/jpeg"),  # fmt: skip
    ],
    ids=["jpeg", "png", "webp", "cmyk-jpeg", "mpo"],
)
def test_stored_photo_and_thumbnail_carry_no_metadata(data, content_type):
    assert b"Exif\x00\x00" in data or b"eXIf" in data or b"EXIF" in data  # the planted metadata is there
    photo = clean_photo(data, "photo.jpg")
    assert photo.content_type == content_type
    assert reopen(photo.data).format == {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[
        content_type
    ]
    assert (photo.width, photo.height) == reopen(photo.data).size
    assert reopen(photo.data).mode in ("RGB", "RGBA")
    assert_no_metadata(photo.data)
    assert_no_metadata(photo.thumbnail)


def test_orientation_is_applied():
    """Orientation 6: the camera was turned right, so the stored 400 × 200 picture shows 200 × 400,
    with what was on the left now on top."""
    photo = clean_photo(phone_jpeg(size=(400, 200), orientation=6))
    assert (photo.width, photo.height) == (200, 400)
    image = reopen(photo.data).convert("RGB")
    top, bottom = image.getpixel((100, 50)), image.getpixel((100, 350))
    assert top[0] > 200 and top[2] < 60  # red
    assert bottom[2] > 200 and bottom[0] < 60  # blue


@pytest.mark.parametrize(
    ("size", "stored", "thumbnail"),
    [((5000, 1000), (MAX_SIDE, 410), (THUMB_SIDE, 64)), ((1000, 3000), (683, MAX_SIDE), (107, THUMB_SIDE)),
     ((800, 600), (800, 600), (THUMB_SIDE, 240)), ((100, 50), (100, 50), (100, 50))],
)  # fmt: skip
def test_long_side_is_limited_and_thumbnail_is_small(size, stored, thumbnail):
    photo = clean_photo(encode(halves(size), "JPEG", quality=70))
    assert (photo.width, photo.height) == reopen(photo.data).size == stored
    assert reopen(photo.thumbnail).size == thumbnail
    assert reopen(photo.thumbnail).format == "JPEG"


def test_transparency_is_kept_for_png_and_webp_and_flattened_in_the_thumbnail():
    for data in (annotated_png("RGBA"), encode(halves((300, 200), "RGBA", (0, 0, 255, 0)), "WEBP")):
        photo = clean_photo(data)
        assert reopen(photo.data).mode == "RGBA"
        assert reopen(photo.data).getpixel((10, 10))[3] < 255
        assert reopen(photo.thumbnail).mode == "RGB"


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (Image.new("P", (60, 40), 3), "RGB"),
        (Image.new("LA", (60, 40), (90, 100)), "RGBA"),
        (Image.new("L", (60, 40), 90), "RGB"),
        (Image.new("1", (60, 40), 1), "RGB"),
    ],
    ids=["palette", "grey-alpha", "grey", "bilevel"],
)
def test_other_modes_become_rgb_or_rgba(image, expected):
    assert reopen(clean_photo(encode(image, "PNG")).data).mode == expected


def test_sixteen_bit_png_is_scaled_not_clipped():
    levels = np.array([[0, 32768, 65535]] * 4, dtype=np.uint16)
    photo = clean_photo(encode(Image.fromarray(levels), "PNG"))
    image = reopen(photo.data)
    assert [image.getpixel((x, 0))[0] for x in range(3)] == [0, 128, 255]


@pytest.mark.parametrize("data", [phone_jpeg(), annotated_png("RGBA")], ids=["rgb", "rgba"])
def test_colours_go_through_the_icc_profile_before_it_is_dropped(data, monkeypatch):
    conversions = []

    def spy(image, source, target, **options):
        conversions.append(image.mode)
        return convert(image, source, target, **options)

    convert = ImageCms.profileToProfile
    monkeypatch.setattr(ImageCms, "profileToProfile", spy)
    clean_photo(data)
    assert conversions == [reopen(data).mode]


def test_unusable_icc_profile_falls_back_to_plain_conversion():
    """Pure cyan ink stays cyan when the embedded profile cannot be read."""
    data = encode(Image.new("CMYK", (50, 50), (255, 0, 0, 0)), "JPEG", icc_profile=b"not a profile")
    red, green, blue = reopen(clean_photo(data).data).getpixel((25, 25))
    assert red < 60 and green > 200 and blue > 200


def test_type_comes_from_content_not_name():
    photo = clean_photo(annotated_png("RGB"), "photo.jpg")
    assert (photo.content_type, photo.extension) == ("image/png", "png")
    assert reopen(photo.data).format == "PNG"
    assert isinstance(photo, CleanPhoto)


def gif(frames: int) -> bytes:
    images = [Image.new("P", (20, 20), index) for index in range(frames)]
    return encode(images[0], "GIF", save_all=True, append_images=images[1:])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"Dear City, there is a pothole on my street.\n" * 10, "not a picture"),
        (gif(3), "GIF picture"),
        (SVG, "not a picture"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "not a picture"),
        (encode(Image.new("RGB", (20, 20)), "BMP"), "BMP picture"),
        (phone_jpeg()[:600], "not a picture we can read"),
        (phone_jpeg()[:-400], "damaged or incomplete"),
        (annotated_png()[:-200], "damaged or incomplete"),
        (png_claiming(9_000, 9_000), "too many pixels (9,000 × 9,000 pixels)"),
        (png_claiming(100_000, 100_000), "too many pixels"),
    ],
    ids=["zero-bytes", "text", "animated-gif", "svg", "pdf", "bmp", "jpeg-header-only", "truncated-jpeg",
         "truncated-png", "bomb", "huge-bomb"],
)  # fmt: skip
def test_unusable_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(PhotoError) as refused:
        clean_photo(data, "IMG_0042.jpg")
    assert message in str(refused.value)
    assert refused.value.filename == "IMG_0042.jpg"
    assert "IMG_0042" not in str(refused.value)  # the page shows the name, escaped


def test_size_is_checked_before_decoding(monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded a file that is too large")

    monkeypatch.setattr(Image, "open", no_decoding)
    with pytest.raises(PhotoError, match=r"at most 10 MB"):
        clean_photo(b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES - 2))


def test_location_is_read_from_exif_gps():
    assert photo_location(phone_jpeg()) == pytest.approx(CITY_HALL)


@pytest.mark.parametrize(
    ("refs", "signs"),
    [(("N", "E"), (1, 1)), (("S", "W"), (-1, -1)), ((b"S\x00", b"E\x00"), (-1, 1))],
)
def test_location_follows_hemisphere_references(refs, signs):
    gps = {**GPS, ExifTags.GPS.GPSLatitudeRef: refs[0], ExifTags.GPS.GPSLongitudeRef: refs[1]}
    data = encode(Image.new("RGB", (20, 20)), "JPEG", exif=phone_exif(gps=gps))
    latitude, longitude = photo_location(data)
    assert (latitude, longitude) == pytest.approx((signs[0] * CITY_HALL[0], signs[1] * abs(CITY_HALL[1])))


@pytest.mark.parametrize(
    "gps",
    [
        {},
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: GPS[ExifTags.GPS.GPSLatitude]},
        {**GPS, ExifTags.GPS.GPSLatitude: (IFDRational(0), IFDRational(0), IFDRational(0)),
         ExifTags.GPS.GPSLongitude: (IFDRational(0), IFDRational(0), IFDRational(0))},
        {**GPS, ExifTags.GPS.GPSLatitude: (IFDRational(95), IFDRational(0), IFDRational(0))},
        {**GPS, ExifTags.GPS.GPSLatitude: (IFDRational(42, 0), IFDRational(0), IFDRational(0))},
    ],
    ids=["no-gps", "latitude-only", "null-island", "out-of-range", "zero-denominator"],
)  # fmt: skip
def test_no_location_when_gps_is_absent_or_unusable(gps):
    data = encode(Image.new("RGB", (20, 20)), "JPEG", exif=phone_exif(gps=gps))
    assert photo_location(data) is None


@pytest.mark.parametrize(
    "data",
    [encode(Image.new("RGB", (20, 20)), "JPEG"), b"", b"GPS N 42 W 71", gif(1), png_claiming(9_000, 9_000)],
)
def test_no_location_without_exif_or_from_files_we_refuse(data):
    assert photo_location(data) is None


def test_location_is_gone_after_cleaning():
    assert photo_location(clean_photo(phone_jpeg()).data) is None


def test_the_same_upload_is_cleaned_once_however_often_the_page_runs(monkeypatch):
    decoded = []
    clean = photos._clean
    monkeypatch.setattr(photos, "_clean", lambda data: decoded.append(len(data)) or clean(data))
    first, again = phone_jpeg(), phone_jpeg()
    assert clean_photo(first, "a.jpg") == clean_photo(again, "renamed.jpg")
    with pytest.raises(PhotoError) as refused:
        clean_photo(b"not a picture", "a.txt")
    with pytest.raises(PhotoError) as refused_again:
        clean_photo(b"not a picture", "b.txt")
    assert len(decoded) == 2  # one JPEG, one refusal
    assert str(refused.value) == str(refused_again.value) and refused_again.value.filename == "b.txt"
    clean_photo(phone_jpeg(orientation=1))
    assert len(decoded) == 3


def test_kept_results_stay_within_their_byte_budget():
    cache = photos._CleanedPhotos(budget=100)
    for key in "abc":
        cache.put(key, "x" * 40)
    assert (cache.get("a"), cache.get("b"), cache.used) == (None, "x" * 40, 80)


@pytest.mark.parametrize(
    ("width", "height", "refused_for_pixels"),
    [(8000, 8000, True), (8160, 6120, False), (4032, 3024, False)],
    ids=["8000x8000", "50-MP-phone", "12-MP-phone"],
)
def test_pixel_cap_refuses_huge_pictures_and_takes_phone_photos(width, height, refused_for_pixels):
    with pytest.raises(PhotoError) as refused:
        clean_photo(png_claiming(width, height))  # a header only: past the cap it is never decoded
    message = str(refused.value)
    assert ("too many pixels" in message) is refused_for_pixels
    if refused_for_pixels:
        assert f"({width:,} × {height:,} pixels); we take up to 50 megapixels" in message
