package dev.catfacts.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * Picks plain text or JSON for {@code /cat_facts} from the Accept header, as RFC 9110
 * (section 12.5.1) describes it: a type's quality is that of the most specific media
 * range that matches it ({@code text/plain;q=0} refuses text even after
 * {@code *}{@code /*}; a range with parameters is more specific than the same without),
 * the client's order does not matter, and on a tie the server chooses: text, the seed's
 * format, so {@code Accept: *}{@code /*} gets what it always got. Both types are served
 * in UTF-8 and with no other parameter, so a range that asks for another charset or
 * another parameter ({@code text/plain;format=flowed}) matches neither.
 * <p>
 * Written out because a functional route has no {@code produces} condition. It looks at
 * each range once for each of the two types, so a long header costs no more than it is
 * long (Spring's {@code MimeTypeUtils.sortBySpecificity} refuses lists of more than 50).
 */
final class Negotiation {

	private static final String QUALITY = "q";

	private static final String CHARSET = "charset";

	/**
	 * Plain text, its charset said outright: some clients read a {@code text/*} type
	 * without one as ISO-8859-1, and an upstream fact may not be ASCII. (JSON is UTF-8 by
	 * definition.)
	 */
	static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	/** What {@code /cat_facts} produces, as it sends it, the preferred first. */
	static final List<MediaType> PRODUCIBLE = List.of(TEXT, MediaType.APPLICATION_JSON);

	private Negotiation() {
	}

	/**
	 * @param accept the Accept header's media ranges, empty when there was none
	 * @return the type to answer in
	 * @throws NotAcceptableStatusException when the header allows neither type
	 */
	static MediaType choose(List<MediaType> accept) {
		if (accept.isEmpty()) {
			return PRODUCIBLE.getFirst();
		}
		MediaType best = null;
		double bestQuality = 0;
		for (MediaType producible : PRODUCIBLE) {
			double quality = quality(producible, accept);
			// Strictly greater: on a tie the earlier, preferred type stays.
			if (quality > bestQuality) {
				best = producible;
				bestQuality = quality;
			}
		}
		if (best == null) {
			throw new NotAcceptableStatusException(PRODUCIBLE);
		}
		return best;
	}

	/**
	 * The quality of the most specific range that matches the type, 0 when none does; of
	 * two equally specific ones (a header that names a range twice), the higher.
	 */
	private static double quality(MediaType type, List<MediaType> accept) {
		int bestSpecificity = -1;
		double quality = 0;
		for (MediaType range : accept) {
			if (matches(range, type)) {
				int specificity = specificity(range);
				if (specificity > bestSpecificity) {
					bestSpecificity = specificity;
					quality = range.getQualityValue();
				}
				else if (specificity == bestSpecificity) {
					quality = Math.max(quality, range.getQualityValue());
				}
			}
		}
		return quality;
	}

	private static boolean matches(MediaType range, MediaType type) {
		if (!range.includes(type)) {
			return false;
		}
		// The parameters' map ignores case; a charset is read, unquoted, by MediaType.
		for (String parameter : range.getParameters().keySet()) {
			boolean fits = parameter.equalsIgnoreCase(QUALITY)
					|| (parameter.equalsIgnoreCase(CHARSET) && StandardCharsets.UTF_8.equals(range.getCharset()));
			if (!fits) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Precedence: a type and subtype over a subtype wildcard over {@code *}{@code /*},
	 * and within each, a range with more parameters (q aside) over one with fewer.
	 */
	private static int specificity(MediaType range) {
		Map<String, String> parameters = range.getParameters();
		int count = parameters.size() - (parameters.containsKey(QUALITY) ? 1 : 0);
		int level = range.isWildcardType() ? 0 : (range.isWildcardSubtype() ? 1 : 2);
		return level * 100 + count;
	}

}
