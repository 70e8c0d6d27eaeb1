package dev.catfacts.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * Picks plain text or JSON for {@code /cat_facts} from the Accept header, as RFC 9110
 * (section 12.5.1) describes it: a type's quality is that of the most specific media
 * range that matches it ({@code text/plain;q=0} refuses text even after
 * {@code *}{@code /*}), the client's order does not matter, and on a tie the server
 * chooses: text, the seed's format, so {@code Accept: *}{@code /*} gets what it always
 * got.
 * <p>
 * Written out because a functional route has no {@code produces} condition. It looks at
 * each range once for each of the two types, so a long header costs no more than it is
 * long (Spring's {@code MimeTypeUtils.sortBySpecificity} refuses lists of more than 50).
 */
final class Negotiation {

	/** What {@code /cat_facts} produces, the preferred first. */
	static final List<MediaType> PRODUCIBLE = List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);

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

	/** The quality of the most specific range that matches the type; 0 when none does. */
	private static double quality(MediaType type, List<MediaType> accept) {
		int bestSpecificity = -1;
		double quality = 0;
		for (MediaType range : accept) {
			if (range.includes(type)) {
				int specificity = specificity(range);
				if (specificity > bestSpecificity) {
					bestSpecificity = specificity;
					quality = range.getQualityValue();
				}
			}
		}
		return quality;
	}

	private static int specificity(MediaType range) {
		if (range.isWildcardType()) {
			return 0;
		}
		return range.isWildcardSubtype() ? 1 : 2;
	}

}
