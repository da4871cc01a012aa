// Copy buttons: <button class="copy" data-copy="element-id"> copies that element's text.
document.addEventListener('click', (event) => {
	const button = event.target.closest('button.copy');
	if (!button || !navigator.clipboard) {
		return;
	}
	const source = document.getElementById(button.dataset.copy);
	if (source) {
		navigator.clipboard.writeText(source.textContent.trim()).then(() => {
			button.textContent = 'Copied';
		});
	}
});
