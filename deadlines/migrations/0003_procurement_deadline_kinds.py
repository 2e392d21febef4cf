# Joins the contract and deployer-duty kinds (two 0002 migrations) and adds the procurement and portal kinds.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0002_contract_deadline_kinds"),
        ("deadlines", "0002_deadline_kind_deployer_duty"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("document_request", "Document due from vendor"),
                    ("document_review", "Document re-verification"),
                    ("certificate_expiry", "Certificate expiry"),
                    ("regulatory", "Regulatory date"),
                    ("contract_notice", "Last day to give notice on a contract"),
                    ("contract_renewal", "Contract renewal"),
                    ("contract_end", "Contract end"),
                    ("deployer_duty", "Deployer duty"),
                    ("risk_acceptance_review", "Review of an accepted risk"),
                    ("procurement_condition", "Condition of a procurement approval"),
                    ("portal_link_expiry", "Vendor portal link expires"),
                ],
                max_length=40,
            ),
        ),
    ]
