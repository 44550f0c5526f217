import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Frameworks: an agreement may be concluded under another; a signatory carries its own date and source.

    The signatories keep the table Django made for the plain many-to-many relation: the through model is first
    declared on it (state only), then gains its two columns.
    """

    dependencies = [
        ("agreements", "0002_fund_entry_settles"),
        ("parties", "0002_coalitions_and_membership_sources"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="baseline_eur",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="A sum the signatories share by their share of the signatories' GDP.",
                max_digits=18,
                null=True,
                verbose_name="yearly baseline (EUR)",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="framework",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty when no source says the agreement was concluded under a framework.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="concluded_under",
                to="agreements.agreement",
                verbose_name="concluded under framework",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="framework_source_url",
            field=models.URLField(
                blank=True, max_length=1000, verbose_name="source for the framework"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="rule",
            field=models.CharField(
                blank=True,
                help_text="How the framework shares the effort among its signatories, as stated.",
                max_length=500,
                verbose_name="burden-sharing rule",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Signatory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="agreements.agreement",
                            ),
                        ),
                        (
                            "party",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="parties.party"
                            ),
                        ),
                    ],
                    options={"db_table": "agreements_agreement_parties", "ordering": ["id"]},
                ),
                migrations.AlterField(
                    model_name="agreement",
                    name="parties",
                    field=models.ManyToManyField(
                        related_name="agreements",
                        through="agreements.Signatory",
                        to="parties.party",
                        verbose_name="parties",
                    ),
                ),
                # The table already holds this pair unique, under the name Django gave it.
                migrations.AddConstraint(
                    model_name="signatory",
                    constraint=models.UniqueConstraint(
                        fields=("agreement", "party"), name="signatory_unique"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="signatory",
            name="joined_on",
            field=models.DateField(
                blank=True,
                help_text="Empty when no source gives the date.",
                null=True,
                verbose_name="joined on",
            ),
        ),
        migrations.AddField(
            model_name="signatory",
            name="source_url",
            field=models.URLField(blank=True, max_length=1000, verbose_name="source"),
        ),
    ]
