package lockstep.workshop.cli;

import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a lab as learners type it: {@code 01}, {@code 1} or {@code lab01}. */
final class LabConverter implements ITypeConverter<Lab> {

    @Override
    public Lab convert(String value) {
        try {
            return LabCatalog.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
