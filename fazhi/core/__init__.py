"""The base layer: text, numbers, rules, gazetteer, registry, archive, documents and the
typed records the stages hand each other. Nothing here imports a stage, the pipeline, the
flows or the CLI."""
