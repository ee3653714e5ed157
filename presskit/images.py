"""Pictures: what a file holds (Pillow reads it), web and print copies cached by content hash, the stills zip.

Pillow loads only here, and only on the paths that handle a picture. Nothing here touches the database.

A picture is checked before it is recorded: it must be a file Pillow can decode whole (a truncated JPEG is
refused, not half-shown), no larger than ``MAX_FILE_BYTES`` and ``MAX_PIXELS``, so a decompression bomb (a
small file that decodes to gigabytes) is refused from its header, before any pixel is decoded.

Copies for the web, the email and the PDF are made from the original: turned upright (EXIF orientation),
converted to sRGB (an embedded ICC profile is applied, CMYK becomes RGB), scaled down, and written with no
metadata at all (no EXIF, GPS, XMP, ICC or comments), so a phone's location never reaches a web page. Each
copy is named by the SHA-256 of the original's bytes and the recipe, so a second build finds it in the cache
and an edited original gets a new name.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from presskit.errors import InvalidInput, literal
from presskit.files import replacing

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from presskit.kit import Picture as KitPicture
    from presskit.kit import Pictures

# The stated limits (README, `add media --help`): a festival's 300-dpi still is 10–30 MB and 12–50 megapixels.
MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_PIXELS = 60_000_000
# What a browser, a mail program and a designer all open; TIFF is read (print deliveries) and shown as copies.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "TIFF": "TIFF"}
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF", ".tif": "TIFF",
            ".tiff": "TIFF"}
# Bumped when the way copies are made changes, so cached copies made the old way are not reused.
RECIPE = "1"
_HASH_CHUNK = 1 << 20


class ImageProblem(InvalidInput):
    """A picture presskit cannot use: not an image, truncated, too large, or outside the data folder."""


class MissingPicture(ImageProblem):
    """A safe path (inside the data folder) that names no file; ``stored`` is the path as it is kept."""

    def __init__(self, message: str, *, stored: str, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.stored = stored


class Picture(NamedTuple):
    """What Pillow read from a file: its real size, format and colour mode."""

    width: int
    height: int
    format: str  # JPEG PNG WEBP GIF TIFF
    mode: str  # RGB RGBA L CMYK P ...
    size: int  # bytes
    sha256: str


class Copy(NamedTuple):
    """A copy made for a medium: its file (in the cache) and its pixel size."""

    path: Path
    width: int
    height: int

    @property
    def name(self) -> str:
        return self.path.name


# ------------------------------------------------------------------------------------------------- paths


def media_path(value: str, data_dir: Path, *, what: str = "path") -> tuple[str, Path]:
    """``value`` (a path as typed, relative to the data folder) as stored (POSIX, relative) and as a real file.

    A path may not leave the data folder: an absolute path, ``..`` and a symlink that points outside are
    refused, so a data file handed around cannot make presskit read ``/etc/passwd`` or a home folder.
    A path that names no file raises ``MissingPicture`` (an ``ImageProblem``).
    """
    return MediaFolder(data_dir).find(value, what=what)


class MediaFolder:
    """The data folder, for finding many pictures in it (a kit's hundred stills): ``find`` checks each path as
    ``media_path`` says, resolving the folder and each sub-folder once, not again for every picture."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.root = os.path.realpath(data_dir)
        self._inside = os.path.join(self.root, "")
        self._folders: dict[tuple[str, ...], str] = {}

    def find(self, value: str, *, what: str = "path") -> tuple[str, Path]:
        data_dir = self.data_dir
        text = value.strip().replace("\\", "/")
        if not text:
            raise ImageProblem("{what} is empty", what=what,
                               fix="give a path inside the data folder, e.g. media/poster.jpg")
        pure = PurePosixPath(text)
        if pure.is_absolute() or (len(text) > 1 and text[1] == ":"):
            raise ImageProblem("{what} {value!r} is an absolute path", what=what, value=value,
                               fix=literal(f"give it relative to the data folder ({data_dir}), e.g. media/{pure.name}"))
        if ".." in pure.parts:
            raise ImageProblem("{what} {value!r} leaves the data folder (" + literal(str(data_dir)) + ")", what=what,
                               value=value, fix=literal(f"keep pictures inside it, e.g. media/{pure.name}"))
        real, found = self._real(pure.parts)
        if real != self.root and not real.startswith(self._inside):
            raise ImageProblem("{what} {value!r} is a link to a file outside the data folder ("
                               + literal(str(data_dir)) + ")", what=what, value=value,
                               fix="copy the picture into the folder instead")
        if found is None:
            raise MissingPicture("{what} {value!r}: no such file in the data folder (" + literal(str(data_dir))
                                 + ")", what=what, value=value, stored=str(PurePosixPath(*pure.parts)))
        if not stat.S_ISREG(found.st_mode):
            raise ImageProblem("{what} {value!r} is not a file", what=what, value=value)
        return str(PurePosixPath(*pure.parts)), Path(real)

    def _real(self, parts: tuple[str, ...]) -> tuple[str, os.stat_result | None]:
        """The real path of ``parts`` under the folder (symlinks followed, as far as they lead) and what it is
        (None: nothing there)."""
        if not parts:
            real = self.root
        else:
            folder = self._folders.get(parts[:-1])
            if folder is None:
                folder = self._folders[parts[:-1]] = os.path.realpath(os.path.join(self.root, *parts[:-1]))
            real = os.path.join(folder, parts[-1])
            try:
                found = os.lstat(real)
            except OSError:
                return real, None
            if not stat.S_ISLNK(found.st_mode):
                return real, found
            real = os.path.realpath(real)
        try:
            return real, os.stat(real)
        except OSError:
            return real, None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class Hashes:
    """The cache's index: the SHA-256 of originals, remembered by path, size and modification time (as make
    does), so a second build does not read a hundred 12-megapixel files again to find their copies; and the
    pixel size of each copy, so a second build finds a copy's size without decoding it (nor loading Pillow).
    A file changed in any of the three is read again; the index is a plain JSON file, rewritten whole when it
    grew."""

    NAME = "hashes.json"

    def __init__(self, cache: Path) -> None:
        import json

        self.path = cache / self.NAME
        try:
            index = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            index = {}
        if not isinstance(index, dict):
            index = {}
        # (An index written before it held copies' sizes is the originals' table alone.)
        known = index.get("originals", {}) if "originals" in index else index
        sizes = index.get("copies", {})
        self.known: dict[str, str] = {k: v for k, v in known.items() if isinstance(v, str)} \
            if isinstance(known, dict) else {}
        self.sizes: dict[str, tuple[int, int]] = {
            k: (v[0], v[1]) for k, v in sizes.items()
            if isinstance(v, list) and len(v) == 2 and all(type(n) is int and n > 0 for n in v)
        } if isinstance(sizes, dict) else {}
        self.changed = False
        self.used: set[str] = set()  # the digests of the originals this build looked at

    def of(self, original: Path) -> str:
        st = original.stat()
        # Absolute, not resolved: the kit and the site pass the real path media_path() found, and reading each
        # folder of the path again for a hundred pictures cost more than finding their copies.
        path = f"{os.path.abspath(original)}|"
        key = f"{path}{st.st_size}|{st.st_mtime_ns}"
        digest = self.known.get(key)
        if digest is None:
            for old in [k for k in self.known if k.startswith(path)]:  # the file as it was: gone
                del self.known[old]
            digest = self.known[key] = sha256_of(original)
            self.changed = True
        self.used.add(digest)
        return digest

    def size(self, copy: Path) -> tuple[int, int]:
        """The pixel size of a copy in the cache (decoded once, then remembered)."""
        found = self.sizes.get(copy.name)
        if found is None:
            from PIL import Image

            with Image.open(copy) as cached:
                found = self.sizes[copy.name] = cached.size
            self.changed = True
        return found

    def made(self, copy: Copy) -> None:
        if self.sizes.get(copy.name) != (copy.width, copy.height):
            self.sizes[copy.name] = (copy.width, copy.height)
            self.changed = True

    def save(self) -> None:
        import json

        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.NAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"originals": self.known, "copies": self.sizes}, sort_keys=True),
                       encoding="utf-8")
        os.replace(tmp, self.path)


# ------------------------------------------------------------------------------------------------ reading


def _open(path: Path, shown: str) -> PILImage.Image:
    """The image, opened (header read) with its size checked before any pixel is decoded."""
    from PIL import Image, UnidentifiedImageError

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImageProblem(f"{shown} is {size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB:"
                           " export a smaller JPEG (a 300-dpi still is usually under 30 MB)")
    try:
        with warnings.catch_warnings():
            # Pillow warns between its limit and twice it, and raises beyond: both are refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(f"{shown} claims more pixels than presskit reads (limit {MAX_PIXELS:,}): it may be"
                           " a decompression bomb; export it again at a normal size") from None
    except UnidentifiedImageError:
        raise ImageProblem(f"{shown} is not a picture presskit can read; use a JPEG, PNG, WebP, GIF or"
                           " TIFF file") from None
    except OSError as e:
        raise ImageProblem(f"{shown} is damaged or cannot be read ({e}); export the picture again") from None
    if img.format not in FORMATS:
        img.close()
        raise ImageProblem(f"{shown} is a {img.format} file; use a JPEG, PNG, WebP, GIF or TIFF file")
    width, height = img.size
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        img.close()
        raise ImageProblem(f"{shown} is {width}×{height} pixels, more than presskit reads (limit"
                           f" {MAX_PIXELS:,} pixels): it may be a decompression bomb; export it at a"
                           " normal size")
    return img


def size_of(path: Path, *, shown: str | None = None) -> tuple[int, int]:
    """Width and height as stored (what ``probe`` records), from the file's header alone."""
    with _open(path, shown or str(path)) as img:
        return img.size


def probe(path: Path, *, shown: str | None = None) -> Picture:
    """Read ``path`` whole (a truncated file fails here, not in a build) and say what it is."""
    from PIL import Image, ImageFile

    shown = shown or str(path)
    img = _open(path, shown)
    # WeasyPrint sets this on import (it draws what it can of a broken picture); a check must not.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with img:
            fmt, mode, (width, height) = img.format, img.mode, img.size
            if fmt == "JPEG":
                # Decoding at 1/8 scale still reads every byte of the stream: enough to find a truncation.
                img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageProblem(f"{shown} is damaged or truncated ({e}); export the picture again") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return Picture(width=width, height=height, format=str(fmt), mode=str(mode), size=path.stat().st_size,
                   sha256=sha256_of(path))


# ------------------------------------------------------------------------------------------------ copies


def _orientation_method(img: PILImage.Image) -> PILImage.Transpose | None:
    from PIL import Image

    try:
        orientation = img.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block leaves the picture as stored
        return None
    return {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
            4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
            7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}.get(orientation)


def _to_srgb(img: PILImage.Image) -> PILImage.Image:
    """RGB (or RGBA when the picture has transparency) in sRGB: the embedded profile applied, if any."""
    from PIL import ImageCms

    icc = img.info.get("icc_profile")
    alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    target = "RGBA" if alpha else "RGB"
    if icc and img.mode in ("RGB", "CMYK", "L"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out = ImageCms.profileToProfile(img, src, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if out is not None:
                return out
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are taken as sRGB, as a browser would
    return img.convert(target) if img.mode != target else img


def mail_name(digest: str, box: int = 0) -> str:
    """The file name of the email copy of a picture whose bytes hash to ``digest`` (always a JPEG)."""
    return f"{digest[:24]}-mail{box or EMAIL_BOX}-r{RECIPE}.jpg"


def copy_for(original: Path, cache: Path, box: int, *, sha256: str | None = None,
             quality: int = 85, mail: bool = False, index: Hashes | None = None) -> Copy:
    """A copy of ``original`` no larger than ``box``×``box`` pixels, in ``cache`` (made once per content).

    JPEGs are decoded in draft mode (scaled while decoding), so a 12-megapixel still costs a few megabytes of
    memory, not 36. A ``mail`` copy is always a JPEG (transparency laid on white), so its name is known
    from the original's hash alone (``mail_name``): the newsletter links it before the site is built.
    """
    digest = sha256 or sha256_of(original)
    stem = mail_name(digest, box)[:-4] if mail else f"{digest[:24]}-{box}-r{RECIPE}"
    index = index or Hashes(cache)
    for suffix in (".jpg", ".png"):
        found = cache / (stem + suffix)
        try:
            st = os.stat(found)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            size = index.size(found)
            _touch(found, st.st_mtime)  # used: kept by prune() for PRUNE_AFTER_DAYS more
            return Copy(found, *size)
    from PIL import Image

    img = _open(original, str(original))
    with img:
        if img.format == "JPEG":
            img.draft("RGB", (box, box))
        method = _orientation_method(img)
        img.load()
        picture = _to_srgb(img)
        picture.thumbnail((box, box), Image.Resampling.LANCZOS)
        if method is not None:
            picture = picture.transpose(method)
        # A new image with no info: nothing of the original's metadata can be written out with it.
        if mail and picture.mode == "RGBA":
            clean = Image.new("RGB", picture.size, (255, 255, 255))
            clean.paste(picture, mask=picture.getchannel("A"))
        else:
            clean = Image.new(picture.mode, picture.size)
            clean.paste(picture)
    suffix = ".png" if clean.mode == "RGBA" else ".jpg"
    path = cache / (stem + suffix)
    cache.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:
        if suffix == ".png":
            clean.save(tmp, "PNG", optimize=False)
        else:
            clean.save(tmp, "JPEG", quality=quality, optimize=False, progressive=False, subsampling="4:2:0")
    made = Copy(path, *clean.size)
    index.made(made)
    return made


# ------------------------------------------------------------------------------------------------ pruning

# A cached copy no picture of the database uses, and that no build used for this long, is removed. The time
# keeps the copies of other films and databases that share the cache (the default cache is one per user).
PRUNE_AFTER_DAYS = 30
_COPY_NAME = re.compile(r"([0-9a-f]{24})-(?:mail)?\d+-r[0-9A-Za-z]+\.(?:jpg|png)")


def _touch(path: Path, mtime: float) -> None:
    """Mark a copy used now, unless a build already did today (prune() counts in days)."""
    import time

    if time.time() - mtime < 86400:
        return
    try:
        os.utime(path)
    except OSError:  # a read-only cache still serves its copies
        pass


def prune(cache: Path, keep: Iterable[str], *, now: float | None = None,
          also_kept: Callable[[], Iterable[str]] | None = None) -> int:
    """Remove the copies in ``cache`` made from an original whose SHA-256 is not in ``keep`` and unused for
    ``PRUNE_AFTER_DAYS`` (a build that uses a copy touches it, at most once a day); how many were removed. Only
    files named as presskit names its copies are looked at, so nothing else in the folder is touched.
    ``also_kept`` gives more SHA-256s to keep; it is asked only when some copy is old enough to go (a database
    read a build whose copies are all in use does not need)."""
    import time

    kept = {digest[:24] for digest in keep if digest}
    cutoff = (time.time() if now is None else now) - PRUNE_AFTER_DAYS * 86400
    try:
        entries = list(os.scandir(cache))
    except OSError:
        return 0
    old: list[tuple[str, str]] = []
    for entry in entries:
        found = _COPY_NAME.fullmatch(entry.name)
        if found is None or found[1] in kept:
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                old.append((found[1], entry.path))
        except OSError:
            continue
    if old and also_kept is not None:
        kept |= {digest[:24] for digest in also_kept() if digest}
    removed = 0
    for digest, path in old:
        if digest in kept:
            continue
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            continue
    return removed


# -------------------------------------------------------------------------------------------------- zip

# A fixed date for every member: the same stills give the same zip, byte for byte.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def write_zip(target: Path | io.BufferedIOBase, members: Iterable[tuple[str, Path | bytes]]) -> None:
    """A zip of ``(name, file or bytes)`` in the order given; pictures are stored, not recompressed."""
    with zipfile.ZipFile(target, "w") as zf:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            if isinstance(content, bytes):
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, content)
            else:
                info.compress_type = zipfile.ZIP_STORED  # JPEG and PNG are compressed already
                with open(content, "rb") as src, zf.open(info, "w", force_zip64=True) as dst:
                    for chunk in _chunks(src):
                        dst.write(chunk)


def _chunks(fh) -> Iterator[bytes]:
    while chunk := fh.read(_HASH_CHUNK):
        yield chunk


# -------------------------------------------------------------------------------------------- placement

# Longest edge of the copy each medium shows, by role. The web copies are sharp on a phone's 2× screen at the
# page's widths; the PDF's are 300 dpi at the size printed (a still about 200 mm wide).
WEB_BOX = {"poster": 900, "key_art": 900, "still": 1280, "headshot": 360, "logo": 600}
# The kit's single HTML file carries its pictures inline: smaller stills keep a kit of dozens sendable.
PAGE_BOX = {**WEB_BOX, "still": 720}
# 300 dpi at the size the PDF prints each (templates/kit/style.css): a still up to 170 mm wide, the poster
# 70 mm, a headshot 28 mm; no more, since the PDF engine holds every picture it draws decoded in memory.
PRINT_BOX = {"poster": 1800, "key_art": 1800, "still": 2000, "headshot": 600, "logo": 1200}
EMAIL_BOX = 600
PDF_STILLS = 6  # the PDF carries the poster and the first stills; the site's zip carries them all


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copyfile(source, target)


def size_label(width: int | None, height: int | None, fmt: str | None, size: int | None = None) -> str | None:
    if not width or not height:
        return None
    label = f"{width} × {height} px"
    if fmt:
        label += f", {FORMATS.get(fmt, fmt)}"
    if size:
        label += f", {size / 2**20:.1f} MB" if size >= 2**20 else f", {max(1, round(size / 1024))} KB"
    return label


def place(pictures: Pictures, medium: str, *, cache: Path, site: Path | None = None,
          prefix: str = "", used: set[str] | None = None, originals: str | None = None) -> Pictures:
    """``pictures`` with the ``src`` (and ``href``, ``width``, ``height``) ``medium`` shows for each.

    ``site``: a web copy under ``site/media/``, the original under ``site/media/originals/`` for the link;
    ``page``: a web copy inlined as a ``data:`` URI (the kit's HTML is one self-contained file);
    ``pdf``: a copy at 300 dpi for its printed size, read from the cache (the PDF reads only local files), and
    only the first ``PDF_STILLS`` stills.
    A picture given by https URL is shown from its URL in ``site`` and ``page``, and left out of the PDF.
    ``used`` gains the SHA-256 of each original placed (what ``prune`` keeps). ``originals`` (a page written
    alone, given the site's address): each picture links to its original where ``presskit site`` publishes it.
    """
    import base64

    from markupsafe import Markup, escape

    hashes = Hashes(cache)

    def placed(pic: KitPicture) -> KitPicture:
        if pic.file is None:
            shown = pic.url if medium != "pdf" else None
            return pic._replace(src=shown, href=shown, size_label=None)
        original = Path(pic.file)
        box = (PRINT_BOX if medium == "pdf" else PAGE_BOX if medium == "page" else WEB_BOX)[pic.role]
        made = copy_for(original, cache, box, sha256=hashes.of(original), index=hashes)
        if medium == "pdf":
            src, href, size = made.path.resolve().as_uri(), None, None
        elif medium == "page":
            kind = b"png" if made.path.suffix == ".png" else b"jpeg"
            # Markup: base64 is letters, digits, + / and =, nothing HTML escapes (the page need not scan it).
            # Made from bytes at once: a hundred stills are megabytes, each copy of them costs.
            src = Markup(b"data:image/%s;base64,%s" % (kind, base64.b64encode(made.path.read_bytes())), "ascii")
            href = escape(f"{originals}media/originals/{pic.name}") if originals else None
            size = None
        else:
            assert site is not None
            link_or_copy(made.path, site / "media" / made.name)
            link_or_copy(original, site / "media" / "originals" / pic.name)
            # Markup: paths presskit made, kept whole (the kit breaks long runs of record text).
            src, href = escape(f"{prefix}media/{made.name}"), escape(f"{prefix}media/originals/{pic.name}")
            size = size_label(pic.original_width, pic.original_height, pic.format, original.stat().st_size)
        return pic._replace(width=made.width, height=made.height, src=src, href=href, size_label=size)

    poster = placed(pictures.poster) if pictures.poster else None
    logo = placed(pictures.logo) if pictures.logo else None
    stills = tuple(placed(p) for p in pictures.stills)
    headshots = {person: placed(p) for person, p in pictures.headshots.items()}
    hashes.save()
    if used is not None:
        used |= hashes.used
    if medium == "pdf":
        # The PDF reads no URL: a picture given only by one is left out of it (the template skips a headshot
        # with no src).
        stills = tuple(p for p in stills if p.src)
        return pictures._replace(poster=poster if poster and poster.src else None,
                                 logo=logo if logo and logo.src else None, stills=stills[:PDF_STILLS],
                                 more_stills=max(0, len(stills) - PDF_STILLS), headshots=headshots)
    return pictures._replace(poster=poster, logo=logo, stills=stills, headshots=headshots)


def default_cache() -> Path:
    """Where copies are kept between builds: $PRESSKIT_CACHE, else the user's cache folder."""
    if os.environ.get("PRESSKIT_CACHE"):
        return Path(os.environ["PRESSKIT_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "presskit" / "images"


def default_data_dir() -> Path:
    """The data folder pictures are kept in: $PRESSKIT_DATA, else ./data."""
    return Path(os.environ.get("PRESSKIT_DATA") or "data").expanduser()
