package dev.slipway.pipelines;

import java.util.HashSet;
import java.util.Set;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A document composed into SnakeYAML's node tree and nothing more: no object is ever
 * constructed, explicit tags are refused, and aliases of collections are few, so neither
 * a tag nor an alias bomb can make the server do work the size of the document does not
 * pay for. JSON is read by the same parser (it is YAML's flow style).
 */
final class YamlDocument {

	/**
	 * Aliases of a mapping or sequence a document may use (each can repeat a whole
	 * subtree).
	 */
	static final int MAX_COLLECTION_ALIASES = 10;

	private YamlDocument() {
	}

	/** The root node, or {@code null} for a document of nothing but comments. */
	static Node compose(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setAllowRecursiveKeys(false);
		options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
		options.setCodePointLimit(PipelineDefinitions.MAX_BYTES);
		options.setNestingDepthLimit(16);
		options.setMergeOnCompose(false);
		options.setTagInspector((tag) -> false);
		try {
			Parser parser = new GuardedParser(new ParserImpl(new StreamReader(untabbedJson(text)), options));
			return new Composer(parser, new Resolver(), options).getSingleNode();
		}
		catch (MarkedYAMLException ex) {
			Mark mark = (ex.getProblemMark() != null) ? ex.getProblemMark() : ex.getContextMark();
			String problem = (ex.getProblem() != null) ? ex.getProblem() : ex.getContext();
			throw refusal(mark, "not valid YAML or JSON: " + problem);
		}
		catch (YAMLException ex) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "not valid YAML or JSON: " + ex.getMessage());
		}
	}

	/**
	 * A JSON document with each tab between tokens made a space: JSON allows tabs there,
	 * YAML does not in indentation. Lines and columns stay where they were; a YAML
	 * document is returned as it is.
	 */
	static String untabbedJson(String text) {
		String start = text.stripLeading();
		if (!(start.startsWith("{") || start.startsWith("[")) || text.indexOf('\t') < 0) {
			return text;
		}
		StringBuilder json = new StringBuilder(text);
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString && c == '\\') {
				i++;
			}
			else if (c == '"') {
				inString = !inString;
			}
			else if (c == '\t' && !inString) {
				json.setCharAt(i, ' ');
			}
		}
		return json.toString();
	}

	static SlipwayException refusal(Mark mark, String problem) {
		String where = (mark != null) ? "line " + (mark.getLine() + 1) + ": " : "";
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, where + problem);
	}

	/**
	 * Refuses explicit tags and counts aliases of collections as the events go by, so
	 * both refusals name their line (SnakeYAML's own alias limit, also set, names none).
	 */
	private static final class GuardedParser implements Parser {

		private final Parser parser;

		private final Set<String> collectionAnchors = new HashSet<>();

		private int collectionAliases;

		GuardedParser(Parser parser) {
			this.parser = parser;
		}

		@Override
		public boolean checkEvent(Event.ID choice) {
			return this.parser.checkEvent(choice);
		}

		@Override
		public Event peekEvent() {
			return this.parser.peekEvent();
		}

		@Override
		public Event getEvent() {
			Event event = this.parser.getEvent();
			if (event instanceof ScalarEvent scalar && scalar.getTag() != null) {
				throw refusal(event.getStartMark(), "tags are not allowed (" + scalar.getTag() + ")");
			}
			if (event instanceof CollectionStartEvent collection) {
				if (collection.getTag() != null) {
					throw refusal(event.getStartMark(), "tags are not allowed (" + collection.getTag() + ")");
				}
				if (collection.getAnchor() != null) {
					this.collectionAnchors.add(collection.getAnchor());
				}
			}
			if (event instanceof AliasEvent alias && this.collectionAnchors.contains(((NodeEvent) alias).getAnchor())
					&& ++this.collectionAliases > MAX_COLLECTION_ALIASES) {
				throw refusal(event.getStartMark(), "more than " + MAX_COLLECTION_ALIASES
						+ " aliases of mappings or sequences; write the document out instead");
			}
			return event;
		}

	}

}
