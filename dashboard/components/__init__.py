"""The dashboard's own Streamlit custom components: static HTML/JS/CSS, no build step."""
