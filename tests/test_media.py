"""Pictures as records (`presskit add media`): checked by Pillow, kept inside the data folder; and the copies
made of them for pages (upright, sRGB, no metadata), cached by content hash."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from presskit import images
from presskit.kit import Picture, Pictures
from tests.database_support import database_state


def make_jpeg(path: Path, size=(640, 480), color=(150, 40, 40), gps: bool = False, orientation: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    if gps:
        gps_ifd = {1: "N", 2: (45.0, 30.0, 0.0), 3: "E", 4: (12.0, 20.0, 0.0)}
        exif[0x8825] = gps_ifd
    img.save(path, "JPEG", exif=exif.tobytes(), quality=90)
    return path


@pytest.fixture
def film_with_data(cli):
    make_jpeg(Path("data/media/still.jpg"))
    assert cli("add", "work", "--title", "The Defector").exit_code == 0
    return cli


def test_add_media_stores_what_pillow_read(film_with_data):
    cli = film_with_data
    r = cli("add", "media", "--role", "still", "--file", "data/media/still.jpg", "--alt", "A red frame",
            "--caption", "Crossing", "--credit", "Ann Shin")
    assert r.exit_code == 0, r.stderr
    shown = cli("show", "media", "1").stdout
    for line in ("  path: media/still.jpg", "  width: 640", "  height: 480", "  format: JPEG", "  mode: RGB",
                 "  alt: A red frame", "  credit: Ann Shin"):
        assert line + "\n" in shown
    assert cli("list", "media").stdout.startswith("    1  still of The Defector: media/still.jpg 640×480 JPEG RGB")
    assert cli("remove", "media", "1").exit_code == 0
    assert cli("list", "media").stdout.startswith("No media yet")


def _bad_files(root: Path) -> None:
    media = root / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "notes.jpg").write_bytes(b"this is text, not a picture\n")
    whole = make_jpeg(media / "whole.jpg", size=(400, 300)).read_bytes()
    (media / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    # 1-bit pixels: 80 megapixels in a file of a few kilobytes, a decompression bomb's shape.
    Image.new("1", (10_000, 8_000)).save(media / "bomb.png")
    os.symlink("/etc/hostname", media / "outside.jpg")
    (root.parent / "secret.jpg").write_bytes(whole)


@pytest.mark.parametrize("args, error", [
    (["--file", "data/media/notes.jpg"],
     "Error: media/notes.jpg is not a picture presskit can read; use a JPEG, PNG, WebP, GIF or TIFF file"),
    (["--file", "media/bomb.png"],
     "Error: media/bomb.png is 10000×8000 pixels, more than presskit reads (limit 60,000,000 pixels): it may be"
     " a decompression bomb; export it at a normal size"),
    (["--file", "../secret.jpg"],
     "Error: --file '../secret.jpg' leaves the data folder (data); keep pictures inside it, e.g. media/secret.jpg"),
    (["--file", "/etc/hostname"],
     "Error: --file '/etc/hostname' is an absolute path; give it relative to the data folder (data), e.g."
     " media/hostname"),
    (["--file", "media/outside.jpg"],
     "Error: --file 'media/outside.jpg' is a link to a file outside the data folder (data); copy the picture"
     " into the folder instead"),
    (["--file", "media/missing.jpg"], "Error: --file 'media/missing.jpg': no such file in the data folder (data)"),
    (["--url", "http://example.org/still.jpg"],
     "Error: --url 'http://example.org/still.jpg' is not https: pages and emails show pictures only from https"
     " addresses; give the https one, or keep the file in the data folder and give --file"),
    ([], "Error: a picture needs --file (a path in the data folder, e.g. media/poster.jpg) or --url (an https"
         " address)"),
])
def test_a_picture_that_cannot_be_used_is_one_error_and_nothing_stored(film_with_data, db_url, args, error):
    _bad_files(Path("data"))
    before = database_state(db_url)
    r = film_with_data("add", "media", "--role", "still", "--alt", "x", *args)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", error + "\n")
    assert database_state(db_url) == before


def test_a_truncated_jpeg_is_refused(film_with_data, monkeypatch):
    from PIL import ImageFile

    # As WeasyPrint leaves it once imported (the PDF path): the check must not rely on Pillow's default.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    _bad_files(Path("data"))
    r = film_with_data("add", "media", "--role", "still", "--alt", "x", "--file", "media/cut.jpg")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: media/cut.jpg is damaged or truncated (")
    assert r.stderr.endswith("); export the picture again\n") and r.stderr.count("\n") == 1


def test_a_file_over_the_size_limit_is_refused(film_with_data, monkeypatch):
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 1024)
    make_jpeg(Path("data/media/big.jpg"), size=(900, 900))
    r = film_with_data("add", "media", "--role", "poster", "--alt", "x", "--file", "media/big.jpg")
    assert r.exit_code == 1
    assert r.stderr == ("Error: media/big.jpg is 0.0 MB; the limit is 0 MB: export a smaller JPEG (a 300-dpi"
                        " still is usually under 30 MB)\n")


def test_a_headshot_names_its_person(film_with_data):
    r = film_with_data("add", "media", "--role", "headshot", "--alt", "x", "--file", "media/still.jpg")
    assert (r.exit_code, r.stderr) == (1, "Error: a headshot shows a person: give --person NAME\n")


def test_media_round_trip_through_export_and_import(film_with_data, tmp_path):
    cli = film_with_data
    cli("add", "media", "--role", "still", "--file", "media/still.jpg", "--alt", "A red frame", "--position", "2")
    exported = Path("data/export.yaml")
    assert cli("export", "-o", str(exported)).exit_code == 0
    text = exported.read_text()
    assert "media:\n- id: 1\n  role: still\n  path: media/still.jpg\n  alt: A red frame\n" in text
    other = f"sqlite:///{tmp_path / 'other.db'}"
    r = cli("import", str(exported), db=other)
    assert r.exit_code == 0, r.stderr
    shown = cli("show", "media", "1", db=other).stdout
    assert "  width: 640\n" in shown and "  position: 2\n" in shown


# ------------------------------------------------------------------------------------------------ copies


def test_web_copy_is_upright_srgb_and_carries_no_gps(tmp_path):
    original = make_jpeg(tmp_path / "phone.jpg", size=(1600, 1200), gps=True, orientation=6)
    with Image.open(original) as img:
        assert img.getexif().get_ifd(0x8825)  # the original does carry a location
    copy = images.copy_for(original, tmp_path / "cache", 800)
    with Image.open(copy.path) as img:
        assert img.size == (600, 800)  # orientation 6 turned upright, then fitted in 800 px
        assert copy.width, copy.height == img.size
        assert not img.getexif()  # no EXIF at all: no GPS, no maker, no orientation
        assert "exif" not in img.info and "icc_profile" not in img.info and "xmp" not in img.info
        assert img.mode == "RGB"


def test_a_cmyk_picture_with_a_profile_becomes_srgb(tmp_path):
    rgb = Image.new("RGB", (300, 200), (200, 30, 30))
    srgb = ImageCms.createProfile("sRGB")
    path = tmp_path / "cmyk.tif"
    rgb.convert("CMYK").save(path, "TIFF", icc_profile=ImageCms.ImageCmsProfile(srgb).tobytes())
    copy = images.copy_for(path, tmp_path / "cache", 200)
    with Image.open(copy.path) as img:
        assert img.mode == "RGB" and img.format == "JPEG"
        r, g, b = img.getpixel((100, 100))
        assert r > 150 and g < 90 and b < 90  # still red, not the inverted channels of raw CMYK


def test_copies_are_cached_by_content(tmp_path):
    original = make_jpeg(tmp_path / "a.jpg", size=(1000, 800))
    first = images.copy_for(original, tmp_path / "cache", 500)
    made = first.path.stat().st_ino  # a copy written again is a new file (written beside it, renamed over it)
    again = images.copy_for(original, tmp_path / "cache", 500)
    assert again.path == first.path and again.path.stat().st_ino == made
    make_jpeg(original, size=(1000, 800), color=(10, 200, 10))  # the same name, other pixels
    changed = images.copy_for(original, tmp_path / "cache", 500)
    assert changed.path != first.path
    with Image.open(changed.path) as img:
        assert img.getpixel((10, 10))[1] > 150


def test_copy_of_a_jpeg_is_decoded_in_draft_mode(tmp_path, monkeypatch):
    original = make_jpeg(tmp_path / "big.jpg", size=(4000, 3000))
    asked = []
    from PIL import JpegImagePlugin

    real = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        asked.append(size)
        return real(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    images.copy_for(original, tmp_path / "cache", 600)
    assert asked[0] == (600, 600)  # before the pixels are decoded


def test_zip_members_are_the_originals(tmp_path):
    import zipfile

    a = make_jpeg(tmp_path / "a.jpg")
    buf = io.BytesIO()
    images.write_zip(buf, [("CAPTIONS.txt", b"a"), ("001-a.jpg", a)])
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        assert zf.namelist() == ["CAPTIONS.txt", "001-a.jpg"]
        assert zf.read("001-a.jpg") == a.read_bytes()


# ------------------------------------------------------------------------------------------------ --fetch


@pytest.fixture
def picture_server():
    """A web server on 127.0.0.1 serving /poster.jpg (a JPEG), /page.html (HTML) and /broken.jpg."""
    import http.server
    import threading

    jpeg = io.BytesIO()
    Image.new("RGB", (300, 450), (10, 60, 10)).save(jpeg, "JPEG")
    bodies = {"/poster.jpg": ("image/jpeg", jpeg.getvalue()), "/page.html": ("text/html", b"<html></html>"),
              "/broken.jpg": ("image/jpeg", jpeg.getvalue()[:200])}
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            asked.append(self.path)
            ctype, body = bodies.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in bodies else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_a_remote_picture_is_fetched_only_when_asked(film_with_data, picture_server, db_url):
    base, asked = picture_server
    cli = film_with_data
    r = cli("add", "media", "--role", "poster", "--url", "https://example.org/poster.jpg", "--alt", "Poster")
    assert r.exit_code == 0 and asked == []  # recorded, never fetched
    r = cli("add", "media", "--role", "poster", "--url", f"{base}/poster.jpg", "--fetch", "--alt", "Poster")
    assert r.exit_code == 0, r.stderr
    assert asked == ["/poster.jpg"]
    shown = cli("show", "media", "2").stdout
    assert "  path: media/poster.jpg\n" in shown and "  width: 300\n" in shown and "  height: 450\n" in shown
    with Image.open("data/media/poster.jpg") as img:
        assert img.size == (300, 450)
    before = database_state(db_url)
    for path, error in (("/page.html", f"Error: {base}/page.html is not a picture (text/html)\n"),
                        ("/broken.jpg", f"Error: {base}/broken.jpg is damaged or cannot be read (")):
        r = cli("add", "media", "--role", "still", "--url", base + path, "--fetch", "--alt", "x")
        assert r.exit_code == 1 and r.stderr.startswith(error) and r.stderr.count("\n") == 1
    r = cli("add", "media", "--role", "still", "--url", "http://10.1.2.3/x.jpg", "--fetch", "--alt", "x")
    assert (r.exit_code, r.stderr) == (1, "Error: '10.1.2.3' is a private or local address (10.1.2.3); presskit"
                                          " reads pages on public hosts, or on localhost when you type localhost"
                                          " yourself\n")
    assert database_state(db_url) == before
    assert sorted(p.name for p in Path("data/media").iterdir()) == ["poster.jpg", "still.jpg"]


# ------------------------------------------------------------------------------------------------ the kit


@pytest.mark.slow
def test_the_kit_shows_the_poster_stills_and_headshot(film, tmp_path):
    import json
    import re

    from pypdf import PdfReader

    make_jpeg(Path("data/media/poster.jpg"), size=(1200, 1800))
    make_jpeg(Path("data/media/still.jpg"), size=(3000, 2000), gps=True)
    make_jpeg(Path("data/media/ann.jpg"), size=(500, 500))
    for args in (["--role", "poster", "--file", "media/poster.jpg", "--alt", "The poster"],
                 ["--role", "still", "--file", "media/still.jpg", "--alt", "A river", "--caption", "The Tumen",
                  "--credit", "Photo: Ann Shin"],
                 ["--role", "still", "--url", "https://images.example.org/still-2.jpg", "--alt", "A fence",
                  "--position", "2"],
                 ["--role", "headshot", "--person", "Ann Shin", "--file", "media/ann.jpg", "--alt", "Ann Shin"]):
        r = film("add", "media", *args)
        assert r.exit_code == 0, r.stderr
    assert film("kit", "-o", "kit.html", "--cache", "cache", "--now", "2014-02-01").exit_code == 0
    page = Path("kit.html").read_text()
    poster = re.search(r'<figure class="poster"><img src="data:image/jpeg;base64,[^"]+" alt="The poster"'
                       r' width="600" height="900">', page)
    assert poster  # inline: the page is one file to send
    # Each inline picture is its whole copy (the page puts them in after encoding its text).
    inline = [Image.open(io.BytesIO(base64.b64decode(data, validate=True)))
              for data in re.findall(r'src="data:image/jpeg;base64,([^"]+)"', page)]
    assert [(picture.size, picture.load() is not None) for picture in inline] == [
        ((600, 900), True), ((360, 360), True), ((720, 480), True)], [picture.size for picture in inline]
    assert re.search(r'<img src="data:image/jpeg;base64,[^"]+" alt="A river" width="720" height="480">', page)
    assert '<img src="https://images.example.org/still-2.jpg" alt="A fence">' in page
    assert "The Tumen <span class=\"credit\">Photo: Ann Shin</span>" in page
    assert re.search(r'<figure class="headshot"><img src="data:image/jpeg;base64,[^"]+" alt="Ann Shin"', page)
    jsonld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert jsonld["@graph"][0]["image"] == [{"@type": "ImageObject", "caption": "A fence",
                                             "contentUrl": "https://images.example.org/still-2.jpg"}]

    r = film("kit", "-o", "kit.pdf", "--cache", "cache", "--now", "2014-02-01")
    # No <img src="None"> for the remote still; the only note is the film's own pictures, not copied here.
    assert r.exit_code == 0 and r.stderr.startswith("Note: 5 pictures left out: their files are not in the data"
                                                    " folder 'data';") and r.stderr.count("\n") == 1, r.stderr
    reader = PdfReader("kit.pdf")
    sizes = sorted(img.image.size for page_ in reader.pages for img in page_.images)
    # 300 dpi at the printed size (a still 2,000 px wide); the remote still is not in the PDF (it reads no URL).
    assert set(sizes) == {(1200, 1800), (2000, 1333), (500, 500)}, sizes  # never enlarged


def test_a_second_build_finds_copies_without_reading_the_originals_again(tmp_path, monkeypatch):
    original = make_jpeg(tmp_path / "data" / "a.jpg", size=(900, 600))
    still = Picture(id=1, role="still", alt="A", caption=None, credit=None, position=0, file=str(original), url=None,
                    name="001-a.jpg", width=900, height=600, original_width=900, original_height=600, format="JPEG",
                    sha256=None, person_id=None)
    pictures = Pictures(stills=(still,))
    first = images.place(pictures, "page", cache=tmp_path / "cache").stills[0].src
    assert first.startswith("data:image/jpeg;base64,")
    read: list[Path] = []
    monkeypatch.setattr(images, "sha256_of", lambda path: read.append(path) or "0" * 64)
    assert images.place(pictures, "page", cache=tmp_path / "cache").stills[0].src == first
    assert read == []
    make_jpeg(original, size=(900, 600), color=(0, 0, 200))  # edited: read again
    os.utime(original, ns=(1, 1))
    images.place(pictures, "page", cache=tmp_path / "cache")
    assert read == [original]


def test_old_copies_of_pictures_no_record_shows_are_pruned(film_with_data, tmp_path):
    cli = film_with_data
    make_jpeg(Path("data/media/other.jpg"), size=(800, 600), color=(0, 90, 0))
    for name in ("still.jpg", "other.jpg"):
        assert cli("add", "media", "--role", "still", "--file", f"media/{name}", "--alt", name).exit_code == 0
    cache = tmp_path / "cache"
    assert cli("kit", "-o", "kit.html", "--cache", str(cache)).exit_code == 0
    digest = images.sha256_of(Path("data/media/other.jpg"))[:24]
    copies = sorted(p.name for p in cache.iterdir() if p.suffix == ".jpg")
    assert len(copies) == 2 and sum(n.startswith(digest) for n in copies) == 1
    # Not presskit's: never touched, however old.
    foreign = cache / "notes.jpg"
    foreign.write_bytes(b"mine")
    month_ago = images.PRUNE_AFTER_DAYS * 86400 + 3600
    assert cli("remove", "media", "2").exit_code == 0
    # Removed but used by a build this month: kept (another database may share the cache).
    assert cli("kit", "-o", "kit.html", "--cache", str(cache)).exit_code == 0
    assert sorted(p.name for p in cache.iterdir() if p.suffix == ".jpg") == sorted([*copies, "notes.jpg"])
    for p in cache.iterdir():
        os.utime(p, (p.stat().st_atime - month_ago, p.stat().st_mtime - month_ago))
    assert cli("kit", "-o", "kit.html", "--cache", str(cache)).exit_code == 0
    left = sorted(p.name for p in cache.iterdir() if p.suffix == ".jpg")
    assert left == sorted([*(n for n in copies if not n.startswith(digest)), "notes.jpg"])
    # The copy still shown was used, so it is fresh again; restoring the record makes its copy again.
    assert cli("restore", "media", "2").exit_code == 0
    assert cli("kit", "-o", "kit.html", "--cache", str(cache)).exit_code == 0
    assert sum(p.name.startswith(digest) for p in cache.iterdir()) == 1


def test_a_backup_restored_without_its_pictures_keeps_them_and_check_names_them(film_with_data, tmp_path):
    cli = film_with_data
    assert cli("add", "media", "--role", "still", "--file", "media/still.jpg", "--alt", "A red frame",
               "--key", "red").exit_code == 0
    backup = tmp_path / "elsewhere" / "backup.yaml"
    backup.parent.mkdir()
    assert cli("export", "-o", str(backup)).exit_code == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    r = cli("import", str(backup), db=other)
    assert r.exit_code == 0, r.stderr
    assert "  path: media/still.jpg\n" in cli("show", "media", "red", db=other).stdout
    r = cli("check", "--data", str(tmp_path / "elsewhere"), db=other)
    lines = [line for line in r.stdout.splitlines() if line.startswith("media ")]
    folder = tmp_path / "elsewhere"
    assert lines == [f"media red: its file media/still.jpg is not in the data folder ({folder}), so outputs leave"
                     f" the picture out. Fix: put the file at {folder / 'media/still.jpg'} (or point --data at the"
                     " folder holding media/still.jpg), or presskit remove media red"]
    # In the folder it came from, nothing to say about it.
    assert not [line for line in cli("check", db=other).stdout.splitlines() if line.startswith("media ")]
    # A data file (not a backup) naming a picture that is not there is still refused.
    plain = tmp_path / "elsewhere" / "records.yaml"
    plain.write_text("media:\n  - {role: still, path: media/gone.jpg, alt: Gone, work: the-defector}\n")
    r = cli("import", str(plain))
    assert (r.exit_code, r.stderr) == (1, "Error: records.yaml line 2: media[0]: field 'path' 'media/gone.jpg':"
                                          f" no such file in the data folder ({folder})\n")


def test_one_folder_judges_each_picture_on_its_own(tmp_path: Path) -> None:
    # The kit finds its hundred stills through one MediaFolder, which resolves each sub-folder once: a link out
    # beside a real file, a sub-folder that is a link out, a link inside and a missing file are each judged on
    # their own, whatever was found before them in the same folder.
    from presskit.images import ImageProblem, MediaFolder, MissingPicture

    data, outside = tmp_path / "data", tmp_path / "outside"
    (data / "media").mkdir(parents=True)
    outside.mkdir()
    make_jpeg(data / "media" / "a.jpg", size=(40, 30))
    make_jpeg(outside / "b.jpg", size=(40, 30))
    os.symlink(outside / "b.jpg", data / "media" / "out.jpg")
    os.symlink(data / "media" / "a.jpg", data / "media" / "in.jpg")
    os.symlink(outside, data / "elsewhere")
    folder = MediaFolder(data)
    for path, expected in [("media/a.jpg", "media/a.jpg"), ("media/out.jpg", "outside"),
                           ("media/in.jpg", "media/a.jpg"), ("elsewhere/b.jpg", "outside"),
                           ("media/none.jpg", "missing"), ("media", "not a file"), ("./media//a.jpg", "media/a.jpg")]:
        try:
            stored, real = folder.find(path)
        except MissingPicture:
            got = "missing"
        except ImageProblem as e:
            got = next((word for word in ("outside", "not a file") if word in str(e)), str(e))
        else:
            assert real == (data / expected).resolve() and stored == path.replace("./", "").replace("//", "/")
            got = expected
        assert got == expected, path
