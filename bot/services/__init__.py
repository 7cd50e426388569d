"""Front-end-neutral bot services: the ``CareGuardBot`` facade, its ports and messages."""
