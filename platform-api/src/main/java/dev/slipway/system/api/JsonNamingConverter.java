package dev.slipway.system.api;

import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Gives a schema the property names Slipway really writes for records annotated with
 * Jackson 3's {@link JsonNaming} (the snake_case records of the registry, webhooks and
 * audit routes). swagger-core reads types through Jackson 2, which does not know that
 * annotation, so without this the description would show camelCase names the server never
 * sends or reads.
 */
final class JsonNamingConverter implements ModelConverter {

	@Override
	public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		if (!chain.hasNext()) {
			return null;
		}
		Schema<?> schema = chain.next().resolve(type, context, chain);
		PropertyNamingStrategy naming = naming(type.getType());
		if (schema == null || naming == null) {
			return schema;
		}
		Schema<?> model = schema;
		if (schema.get$ref() != null) {
			String ref = schema.get$ref();
			model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
		}
		if (model != null) {
			rename(model, naming);
		}
		return schema;
	}

	private static PropertyNamingStrategy naming(Type type) {
		Class<?> raw = TypeFactory.defaultInstance().constructType(type).getRawClass();
		JsonNaming annotation = raw.getAnnotation(JsonNaming.class);
		if (annotation == null) {
			return null;
		}
		try {
			return annotation.value().getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create the naming strategy of " + raw.getName(), ex);
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void rename(Schema model, PropertyNamingStrategy naming) {
		Map<String, Schema> properties = model.getProperties();
		if (properties == null) {
			return;
		}
		Map<String, Schema> renamed = new LinkedHashMap<>();
		properties.forEach((name, property) -> renamed.put(translate(naming, name), property));
		model.setProperties(renamed);
		List<String> required = model.getRequired();
		if (required != null) {
			model.setRequired(required.stream().map((name) -> translate(naming, name)).toList());
		}
	}

	/** The name Jackson 3 writes for a record component or field called {@code name}. */
	private static String translate(PropertyNamingStrategy naming, String name) {
		// The standard strategies translate the name alone; they need no mapper settings.
		return naming.nameForField(null, null, name);
	}

}
