# A coalition's members become rows of their own (CoalitionMember) so that each lead and each member carries the
# address of the page that states it; the capability area and the launch month get a source of their own too.
# Django cannot turn a plain many-to-many into one through a model in place: the rows are copied across, with the
# coalition's main source, and the old join tables dropped.

import django.db.models.deletion
from django.db import migrations, models


def copy_members(apps, schema_editor):
    Coalition = apps.get_model("parties", "Coalition")
    CoalitionMember = apps.get_model("parties", "CoalitionMember")
    rows = []
    for coalition in Coalition.objects.prefetch_related("leads", "old_members"):
        leads = {p.pk for p in coalition.leads.all()}
        parties = leads | {p.pk for p in coalition.old_members.all()}
        rows.extend(
            CoalitionMember(
                coalition_id=coalition.pk,
                party_id=party_id,
                lead=party_id in leads,
                source_url=coalition.source_url,
                dataset_id=coalition.dataset_id,
                source_row=coalition.source_row,
            )
            for party_id in sorted(parties)
        )
    CoalitionMember.objects.bulk_create(rows)


def copy_back(apps, schema_editor):
    Coalition = apps.get_model("parties", "Coalition")
    for coalition in Coalition.objects.prefetch_related("memberships"):
        rows = list(coalition.memberships.all())
        coalition.leads.set([m.party_id for m in rows if m.lead])
        coalition.old_members.set([m.party_id for m in rows])


class Migration(migrations.Migration):

    dependencies = [
        ("parties", "0002_coalitions_and_membership_sources"),
        ("sources", "0002_dataset_illustrative"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="coalition",
            options={
                "ordering": ["name"],
                "verbose_name": "coalition",
                "verbose_name_plural": "coalitions",
            },
        ),
        migrations.RenameField(model_name="coalition", old_name="members", new_name="old_members"),
        migrations.AlterField(
            model_name="coalition",
            name="old_members",
            field=models.ManyToManyField(blank=True, related_name="+", to="parties.party"),
        ),
        migrations.AddField(
            model_name="coalition",
            name="area_source_url",
            field=models.URLField(
                blank=True, max_length=1000, verbose_name="source of the capability area"
            ),
        ),
        migrations.AddField(
            model_name="coalition",
            name="established_source_url",
            field=models.URLField(
                blank=True, max_length=1000, verbose_name="source of the launch month"
            ),
        ),
        migrations.CreateModel(
            name="CoalitionMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("lead", models.BooleanField(default=False, verbose_name="lead")),
                (
                    "source_url",
                    models.URLField(blank=True, max_length=1000, verbose_name="source address"),
                ),
                ("source_row", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "coalition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="parties.coalition",
                        verbose_name="coalition",
                    ),
                ),
                (
                    "dataset",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="sources.dataset",
                    ),
                ),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="coalition_memberships",
                        to="parties.party",
                        verbose_name="party",
                    ),
                ),
            ],
            options={
                "verbose_name": "coalition member",
                "verbose_name_plural": "coalition members",
                "ordering": ["-lead", "party__name"],
            },
        ),
        migrations.AddConstraint(
            model_name="coalitionmember",
            constraint=models.UniqueConstraint(
                fields=("coalition", "party"), name="coalition_member_unique"
            ),
        ),
        migrations.RunPython(copy_members, copy_back),
        migrations.RemoveField(model_name="coalition", name="leads"),
        migrations.RemoveField(model_name="coalition", name="old_members"),
        migrations.AddField(
            model_name="coalition",
            name="members",
            field=models.ManyToManyField(
                blank=True,
                related_name="coalitions",
                through="parties.CoalitionMember",
                to="parties.party",
                verbose_name="members",
            ),
        ),
    ]
