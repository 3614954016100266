"""The reader's widgets, one per file: the article list, the reader pane, the entity panel and
the filter breadcrumb."""
