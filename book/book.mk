# book/book.mk — the literate book (book/): `make book` and the `book` stage of make test.
#
#   make book        build the book with Doxygen warnings as errors (HTML in
#                    $(BUILD)/book/html/index.html) and check it: the broken-marker and
#                    renamed-function tests, student skeletons without their chapters,
#                    links, and headless Chromium; counts in $(BUILD)/results/book.count
#   make book-html   only build the HTML, printing warnings (quick, while writing)
#   make book-open   print the file:// address of the front page

.PHONY: book book-html book-open

book:
	@$(PYTHON) book/tools/book_test.py --build $(BUILD)

book-html:
	@$(PYTHON) book/tools/build_book.py --root . --out $(BUILD)/book

book-open:
	@echo "file://$(abspath $(BUILD))/book/html/index.html"
