"""Press-kit rendering speed and worker memory.

    DATABASE_URL=... REDIS_URL=... SECRET_KEY=... .venv/bin/python bench/presskit.py [--runs 15] [--loop 200]

Builds a 4-page kit with 3 photos (in a transaction rolled back at the end, media in a temp dir)
and measures, interleaved in the same run:
- ours: the full service path (inputs from the database, template, our fetcher, tagged PDF);
- bare: WeasyPrint rendering the same final HTML string with its default fetcher.
Then renders `--loop` kits in this process like a worker would and reports the RSS growth
between render 10 (warm) and the last one.
Last line: RESULT presskit median_s=<n> ratio=<n> rss_growth_mb=<n>
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humas.settings")
os.environ.setdefault("HUMAS_TESTING", "1")
MEDIA = tempfile.mkdtemp(prefix="presskit-bench-")
os.environ["MEDIA_ROOT"] = MEDIA


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--loop", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    import psutil
    import weasyprint
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.db import transaction

    from releases.models import Release, ReleaseContact, ReleasePhoto, ReleaseQuote
    from releases.presskit.rendering import PDF_OPTIONS, presskit_html, presskit_render_inputs
    from releases.presskit.selectors import presskit_inputs
    from tests.presskit.conftest import PARAGRAPH, jpeg_bytes

    process = psutil.Process()
    try:
        with transaction.atomic():
            author = get_user_model().objects.create_user(username="bench-presskit")
            release = Release.objects.create(
                title="Bupati Resmikan Jembatan Gantung Sukamaju",
                slug="bench-presskit",
                number="999/HUMAS/2026",
                summary="Jembatan sepanjang 120 meter memangkas waktu tempuh warga dua kecamatan.",
                body="<h2>Latar belakang</h2>" + PARAGRAPH * 6,
                author=author,
            )
            for i, (speaker, text) in enumerate(
                [("Budi Santoso", "Jembatan ini untuk anak-anak sekolah."), ("Dewi Lestari", "Tahan gempa.")]
            ):
                ReleaseQuote.objects.create(
                    release=release, speaker=speaker, role="Pejabat", text=text, order=i
                )
            ReleaseContact.objects.create(
                release=release,
                name="Siti Aminah",
                role="Humas",
                phone="+62 812 1111 2222",
                email="s@example.go.id",
            )
            for i in range(3):
                photo = ReleasePhoto(
                    release=release, alt=f"Foto {i}", caption=f"Keterangan {i}", credit="Humas"
                )
                photo.image.save(f"bench-{i}.jpg", ContentFile(jpeg_bytes(2400, 1600)), save=False)
                photo.save()

            def ours():
                return presskit_render_inputs(presskit_inputs(release))

            # The kit under test has 4 pages: trim the body until it does.
            paragraphs = 6
            while ours().page_count > 4 and paragraphs > 1:
                paragraphs -= 1
                Release.objects.filter(pk=release.pk).update(
                    body="<h2>Latar belakang</h2>" + PARAGRAPH * paragraphs
                )
                release.refresh_from_db()

            def bare():
                return weasyprint.HTML(string=html, base_url=settings.HUMAS_SITE_URL + "/").write_pdf(
                    **PDF_OPTIONS
                )

            first = ours()
            html = presskit_html(presskit_inputs(release))
            assert not first.refused, first.refused
            bare()  # warm both paths (fonts, imports)
            # Interleaved, alternating which goes first: the machine is shared, so wall time is
            # noisy; CPU time of this process is printed too as the steadier comparison.
            ours_t, bare_t, ours_cpu, bare_cpu = [], [], [], []
            for run in range(args.runs):
                pair = [(ours, ours_t, ours_cpu), (bare, bare_t, bare_cpu)]
                for fn, wall, cpu in pair if run % 2 == 0 else reversed(pair):
                    gc.collect()
                    start, start_cpu = time.perf_counter(), time.process_time()
                    fn()
                    wall.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
            median_ours = statistics.median(ours_t)
            median_bare = statistics.median(bare_t)
            print(
                f"pages={first.page_count} photos=3 pdf_bytes={len(first.pdf)} runs={args.runs} load={os.getloadavg()[0]:.1f}"
            )
            print(
                f"ours  wall median={median_ours:.3f}s min={min(ours_t):.3f}s max={max(ours_t):.3f}s cpu median={statistics.median(ours_cpu):.3f}s"
            )
            print(
                f"bare  wall median={median_bare:.3f}s min={min(bare_t):.3f}s max={max(bare_t):.3f}s cpu median={statistics.median(bare_cpu):.3f}s"
            )
            print(f"cpu ratio={statistics.median(ours_cpu) / statistics.median(bare_cpu):.3f}")

            rss = []
            for i in range(args.loop):
                ours()
                if i == 9:
                    gc.collect()
                    rss_warm = process.memory_info().rss
                if (i + 1) % 50 == 0:
                    gc.collect()
                    rss.append(process.memory_info().rss / 2**20)
                    print(f"after {i + 1:>4} renders rss={rss[-1]:.1f} MB", flush=True)
            gc.collect()
            growth = (process.memory_info().rss - rss_warm) / 2**20
            raise Rollback
    except Rollback:
        pass
    print(
        f"RESULT presskit median_s={median_ours:.3f} ratio={median_ours / median_bare:.3f} rss_growth_mb={growth:.1f}"
    )


if __name__ == "__main__":
    main()
