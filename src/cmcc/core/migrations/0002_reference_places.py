from django.db import migrations


def load(apps, schema_editor):
    from cmcc.core.reference import crossing_rows, governorate_rows

    Place = apps.get_model("core", "Place")
    for row in governorate_rows() + crossing_rows():
        Place.objects.update_or_create(kind=row["kind"], name_en=row["name_en"], defaults=row)


def unload(apps, schema_editor):
    apps.get_model("core", "Place").objects.filter(kind__in=["governorate", "crossing"]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
