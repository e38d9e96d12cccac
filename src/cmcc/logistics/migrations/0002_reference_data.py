import datetime as dt

from django.db import migrations


def load(apps, schema_editor):
    from cmcc.logistics import reference as ref

    Sector = apps.get_model("logistics", "Sector")
    RejectionReason = apps.get_model("logistics", "RejectionReason")
    Corridor = apps.get_model("logistics", "Corridor")
    Crossing = apps.get_model("logistics", "Crossing")
    CrossingStatus = apps.get_model("logistics", "CrossingStatus")
    Target = apps.get_model("logistics", "Target")
    Place = apps.get_model("core", "Place")

    for i, (code, name_en, name_ar, source) in enumerate(ref.SECTORS):
        Sector.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_ar": name_ar, "source": source, "position": i}
        )
    for i, (code, label_en, label_ar, description, source) in enumerate(ref.REJECTION_REASONS):
        RejectionReason.objects.update_or_create(
            code=code,
            defaults={
                "label_en": label_en,
                "label_ar": label_ar,
                "description": description,
                "source": source,
                "position": i,
            },
        )
    corridors = {}
    for slug, name_en, name_ar, description, source in ref.CORRIDORS:
        corridors[slug], _ = Corridor.objects.update_or_create(
            slug=slug,
            defaults={"name_en": name_en, "name_ar": name_ar, "description": description, "source": source},
        )
    crossings = {}
    for i, (slug, place_name, name_en, name_ar, alt, kind, corridor, description, source) in enumerate(
        ref.CROSSINGS
    ):
        crossings[slug], _ = Crossing.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_ar": name_ar,
                "alt_names": alt,
                "kind": kind,
                "place": Place.objects.filter(kind="crossing", name_en=place_name).first(),
                "corridor": corridors.get(corridor),
                "description": description,
                "source": source,
                "position": i,
            },
        )
    for slug, day, status, reason, source, url in ref.CROSSING_STATUSES:
        CrossingStatus.objects.get_or_create(
            crossing=crossings[slug],
            effective_from=dt.date.fromisoformat(day),
            status=status,
            defaults={"reason": reason, "source": source, "source_url": url, "recorded_by": "reference data"},
        )
    previous = {}
    for code, version, kind, title, value, unit, includes, day, set_by, reason, source, url in ref.TARGETS:
        target, _ = Target.objects.update_or_create(
            code=code,
            version=version,
            defaults={
                "kind": kind,
                "title": title,
                "value": value,
                "unit": unit,
                "includes": includes,
                "effective_from": dt.date.fromisoformat(day),
                "set_by": set_by,
                "reason": reason,
                "source": source,
                "source_url": url,
                "supersedes": previous.get(code),
                "recorded_by": "reference data",
            },
        )
        previous[code] = target


def unload(apps, schema_editor):
    for target in apps.get_model("logistics", "Target").objects.order_by("-version"):
        target.delete()  # newest first: a version protects the one it supersedes
    for name in ("CrossingStatus", "Crossing", "Corridor", "RejectionReason", "Sector"):
        apps.get_model("logistics", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_initial"), ("core", "0002_reference_places")]
    operations = [migrations.RunPython(load, unload)]
