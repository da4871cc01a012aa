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

// Pop-over menus (<details class="menu">): Escape or a click elsewhere closes them.
document.addEventListener('keydown', (event) => {
	if (event.key === 'Escape') {
		document.querySelectorAll('details.menu[open]').forEach((menu) => {
			menu.open = false;
			menu.querySelector('summary').focus();
		});
	}
});
document.addEventListener('click', (event) => {
	document.querySelectorAll('details.menu[open]').forEach((menu) => {
		if (!menu.contains(event.target)) {
			menu.open = false;
		}
	});
});
