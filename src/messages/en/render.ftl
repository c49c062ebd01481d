# Messages about templates, Markdown bodies, shortcodes (render/), in English.
