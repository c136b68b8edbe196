"""What was submitted, read and checked: the content half of the pipeline."""
