"""Microsoft's Teams app manifest JSON Schema, version 1.22, shipped for offline validation.

``MicrosoftTeams.v1.22.schema.json`` is copied unchanged from OfficeDev/microsoft-teams-app-schema
(``MicrosoftTeams.schema.json`` at tag v1.22, commit 57ba4256), under the MIT licence in
``LICENSE.txt`` beside it. It is package data so ``careguard manifest validate`` works from an
installed package with no network.
"""

SCHEMA_FILE = "MicrosoftTeams.v1.22.schema.json"
MANIFEST_VERSION = "1.22"
