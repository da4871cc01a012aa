// MLflow's clients print links in the MLflow UI's form (http://host/#/experiments/3/runs/<id>).
// The part after # never reaches the server, so this hands it over: the address in the
// script's data-target answers with a redirect to Slipway's own page for it. Such a link
// opens a new page, or, pasted over this page's address, only changes the fragment; both are
// taken. Other fragments (#main, #tags) are left alone, and without this script the page
// still works.
(() => {
	const target = document.currentScript && document.currentScript.dataset.target;
	const mlflow = /^\/?(mlflow\/)?(experiments|models|metric|compare-runs|compare-experiments)([/?]|$)/;
	const follow = () => {
		const fragment = window.location.hash.slice(1);
		if (target && mlflow.test(fragment)) {
			window.location.replace(target + '?fragment=' + encodeURIComponent(fragment));
		}
	};
	window.addEventListener('hashchange', follow);
	follow();
})();
